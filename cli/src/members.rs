//! Reading a member list file: CSV (header row), JSONL (one member object a line), or an
//! SQLite member database; a bad row is an error naming its file and line.

use crate::error::{failed, CliError};
use crate::member_db::MemberDb;
use std::path::Path;
use triplink::matching::{members_from_csv, MatchPolicy, MemberRecord};

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
pub fn directory(path: &Path, policy: &MatchPolicy) -> Result<MemberDb, CliError> {
    if let Kind::Sqlite = kind(path)? {
        return MemberDb::open(path);
    }
    let members = read_list(path)?;
    let conn = rusqlite::Connection::open_in_memory().map_err(|e| failed("member database", e))?;
    MemberDb::load(conn, policy, &members, || ())
}
