//! The member database: a member list loaded into SQLite in one transaction with prepared
//! statements and the policy's normalised keys indexed, looked up off the async runtime
//! (`spawn_blocking`), as the auto-connect job's `MemberDirectory`.

use crate::error::{failed, CliError};
use std::path::Path;
use std::sync::{Arc, Mutex};
use triplink::matching::normalize::normalize_email;
use triplink::matching::{
    AccountState, DirectoryError, MatchPolicy, MemberDirectory, MemberRecord,
};

const SCHEMA: &str = "
CREATE TABLE members (member_id TEXT PRIMARY KEY, loyalty_number TEXT, loyalty_key TEXT,
                      first_name TEXT, last_name TEXT, state TEXT NOT NULL);
CREATE TABLE emails (member_id TEXT NOT NULL, email TEXT NOT NULL, email_key TEXT NOT NULL);";
// Indexed after the rows are in: one sort instead of a B-tree insert per row.
const INDEXES: &str = "
CREATE INDEX members_loyalty ON members (loyalty_key);
CREATE INDEX emails_key ON emails (email_key);
CREATE INDEX emails_member ON emails (member_id);";

/// Members in SQLite.
pub struct MemberDb {
    conn: Arc<Mutex<rusqlite::Connection>>,
}

fn state_text(s: AccountState) -> &'static str {
    match s {
        AccountState::Active => "active",
        AccountState::Locked => "locked",
        AccountState::Closed => "closed",
        AccountState::NeedsAttention => "needs_attention",
    }
}

fn db_err(e: rusqlite::Error) -> CliError {
    failed("member database", e)
}

impl MemberDb {
    /// Creates the schema in `conn` and loads `members` with `policy`'s keys, in one
    /// transaction (nothing is kept when a row fails).
    pub fn load(
        mut conn: rusqlite::Connection,
        policy: &MatchPolicy,
        members: &[MemberRecord],
        mut on_row: impl FnMut(),
    ) -> Result<Self, CliError> {
        let tx = conn.transaction().map_err(db_err)?;
        tx.execute_batch(SCHEMA).map_err(db_err)?;
        {
            let mut member = tx
                .prepare("INSERT INTO members VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .map_err(db_err)?;
            let mut email = tx
                .prepare("INSERT INTO emails VALUES (?1, ?2, ?3)")
                .map_err(db_err)?;
            for m in members {
                member
                    .execute(rusqlite::params![
                        m.member_id,
                        m.loyalty_number,
                        m.loyalty_number.as_deref().map(|l| policy.loyalty_key(l)),
                        m.first_name,
                        m.last_name,
                        state_text(m.state)
                    ])
                    .map_err(|e| failed(&format!("member {}", m.member_id), e))?;
                for e in &m.emails {
                    email
                        .execute(rusqlite::params![m.member_id, e, normalize_email(e)])
                        .map_err(db_err)?;
                }
                on_row();
            }
        }
        tx.execute_batch(INDEXES).map_err(db_err)?;
        tx.commit().map_err(db_err)?;
        Ok(MemberDb {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// A database `load` filled earlier (e.g. by `triplink members-import`).
    pub fn open(path: &Path) -> Result<Self, CliError> {
        let where_ = path.display().to_string();
        if !path.exists() {
            return Err(CliError::Failed(format!("{where_}: no such file")));
        }
        let conn =
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| failed(&where_, e))?;
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('members', 'emails')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| failed(&where_, e))?;
        if tables != 2 {
            return Err(CliError::Failed(format!(
                "{where_}: not a member database (make one with `triplink members-import`)"
            )));
        }
        Ok(MemberDb {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// How many members the database holds.
    pub fn count(&self) -> Result<usize, CliError> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| CliError::Failed("member database lock poisoned".into()))?;
        let n: i64 = conn
            .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
            .map_err(db_err)?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Runs `sql` with `key` on a blocking thread.
    async fn query(&self, sql: String, key: String) -> Result<Vec<MemberRecord>, DirectoryError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || query_blocking(&conn, &sql, &key))
            .await
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))?
    }
}

fn query_blocking(
    conn: &Mutex<rusqlite::Connection>,
    sql: &str,
    key: &str,
) -> Result<Vec<MemberRecord>, DirectoryError> {
    let unavailable = |e: rusqlite::Error| DirectoryError::Unavailable(e.to_string());
    let conn = conn
        .lock()
        .map_err(|_| DirectoryError::Unavailable("lock poisoned".into()))?;
    let mut stmt = conn.prepare_cached(sql).map_err(unavailable)?;
    let rows = stmt
        .query_map([key], |r| {
            Ok(MemberRecord {
                member_id: r.get(0)?,
                loyalty_number: r.get(1)?,
                first_name: r.get(2)?,
                last_name: r.get(3)?,
                emails: Vec::new(),
                state: AccountState::parse(&r.get::<_, String>(4)?)
                    .unwrap_or(AccountState::NeedsAttention),
            })
        })
        .map_err(unavailable)?;
    let mut out = Vec::new();
    for row in rows {
        let mut m = row.map_err(unavailable)?;
        let mut es = conn
            .prepare_cached("SELECT email FROM emails WHERE member_id = ?1")
            .map_err(unavailable)?;
        m.emails = es
            .query_map([&m.member_id], |r| r.get(0))
            .map_err(unavailable)?
            .collect::<Result<_, _>>()
            .map_err(unavailable)?;
        out.push(m);
    }
    Ok(out)
}

const COLUMNS: &str = "m.member_id, m.loyalty_number, m.first_name, m.last_name, m.state";

#[async_trait::async_trait]
impl MemberDirectory for MemberDb {
    async fn find_by_loyalty(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        self.query(
            format!("SELECT {COLUMNS} FROM members m WHERE m.loyalty_key = ?1"),
            key.to_owned(),
        )
        .await
    }

    async fn find_by_email(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        self.query(
            format!(
                "SELECT DISTINCT {COLUMNS} FROM members m JOIN emails e ON e.member_id = \
                 m.member_id WHERE e.email_key = ?1"
            ),
            key.to_owned(),
        )
        .await
    }
}
