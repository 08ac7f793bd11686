//! Reading a member list file: CSV (header row), JSONL (one member object a line), or an
//! SQLite member database (the facade's `SqliteMemberDirectory`); a bad row is an error naming
//! its file and line.

use crate::error::{failed, CliError};
use std::path::Path;
use triplink::matching::{members_from_csv, MatchPolicy, MemberRecord};
use triplink::sqlite_member_directory::{MemberDbError, SqliteMemberDirectory};

/// The kinds of member file, by extension.
enum Kind {
    Csv,
    Jsonl,
    Sqlite,
}

fn kind(path: &Path) -> Result<Kind, CliError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Ok(Kind::Csv),
        Some("jsonl" | "ndjson") => Ok(Kind::Jsonl),
        Some("sqlite" | "sqlite3" | "db") => Ok(Kind::Sqlite),
        _ => Err(CliError::Failed(format!(
            "{}: a member list is a .csv, .jsonl or .sqlite file",
            path.display()
        ))),
    }
}

/// Reads a CSV or JSONL member list.
pub fn read_list(path: &Path) -> Result<Vec<MemberRecord>, CliError> {
    let where_ = path.display().to_string();
    let kind = kind(path)?;
    let text = std::fs::read_to_string(path).map_err(|e| failed(&where_, e))?;
    match kind {
        Kind::Csv => members_from_csv(&text).map_err(|e| failed(&where_, e)),
        Kind::Jsonl => members_from_jsonl(&text).map_err(|e| failed(&where_, e)),
        Kind::Sqlite => Err(CliError::Failed(format!(
            "{where_}: already a member database"
        ))),
    }
}

fn members_from_jsonl(text: &str) -> Result<Vec<MemberRecord>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut m: MemberRecord =
            serde_json::from_str(line).map_err(|e| format!("members line {}: {e}", n + 1))?;
        if m.loyalty_number.is_none() && m.emails.is_empty() {
            return Err(format!(
                "members line {}: neither a loyalty number nor an email",
                n + 1
            ));
        }
        if m.member_id.is_empty() {
            m.member_id = m
                .loyalty_number
                .clone()
                .unwrap_or_else(|| (n + 1).to_string());
        }
        out.push(m);
    }
    Ok(out)
}

/// The member directory for `path`: a list loaded into an in-memory database, or an existing
/// member database.
pub fn directory(path: &Path, policy: &MatchPolicy) -> Result<SqliteMemberDirectory, CliError> {
    if let Kind::Sqlite = kind(path)? {
        return open_db(path);
    }
    let members = read_list(path)?;
    load_db(in_memory()?, policy, &members, || ())
}

/// A new in-memory database.
pub fn in_memory() -> Result<rusqlite::Connection, CliError> {
    rusqlite::Connection::open_in_memory().map_err(|e| failed("member database", e))
}

/// Loads `members` into `conn` in one transaction (`member ID: why` when a row fails).
pub fn load_db(
    conn: rusqlite::Connection,
    policy: &MatchPolicy,
    members: &[MemberRecord],
    on_row: impl FnMut(),
) -> Result<SqliteMemberDirectory, CliError> {
    SqliteMemberDirectory::load(conn, policy, members, on_row)
        .map_err(|e| CliError::Failed(e.to_string()))
}

/// A member database `triplink members-import` made, opened read-only.
pub fn open_db(path: &Path) -> Result<SqliteMemberDirectory, CliError> {
    let where_ = path.display().to_string();
    if !path.exists() {
        return Err(CliError::Failed(format!("{where_}: no such file")));
    }
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| failed(&where_, e))?;
    SqliteMemberDirectory::open(conn).map_err(|e| match e {
        MemberDbError::NotAMemberDatabase => CliError::Failed(format!(
            "{where_}: not a member database (make one with `triplink members-import`)"
        )),
        MemberDbError::Database(cause) => CliError::Failed(format!("{where_}: {cause}")),
        other => failed(&where_, other),
    })
}
