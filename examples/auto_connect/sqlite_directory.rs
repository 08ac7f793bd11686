//! A `MemberDirectory` over a real embedded SQLite database (bundled), holding the supplier's
//! member list with the policy's normalised keys indexed — what a supplier back end would have.

use std::sync::Mutex;
use triplink::matching::normalize::normalize_email;
use triplink::matching::{
    AccountState, DirectoryError, MatchPolicy, MemberDirectory, MemberRecord,
};

/// Members in an SQLite database.
pub struct SqliteDirectory {
    conn: Mutex<rusqlite::Connection>,
}

fn state_text(s: AccountState) -> &'static str {
    match s {
        AccountState::Active => "active",
        AccountState::Locked => "locked",
        AccountState::Closed => "closed",
        AccountState::NeedsAttention => "needs_attention",
    }
}

impl SqliteDirectory {
    /// Creates the schema in `conn` and loads `members` with `policy`'s keys.
    pub fn load(
        conn: rusqlite::Connection,
        policy: &MatchPolicy,
        members: &[MemberRecord],
    ) -> rusqlite::Result<Self> {
        conn.execute_batch(
            "BEGIN;
             CREATE TABLE members (member_id TEXT PRIMARY KEY, loyalty_number TEXT, loyalty_key TEXT,
                                   first_name TEXT, last_name TEXT, state TEXT NOT NULL);
             CREATE INDEX members_loyalty ON members (loyalty_key);
             CREATE TABLE emails (member_id TEXT NOT NULL, email TEXT NOT NULL, email_key TEXT NOT NULL);
             CREATE INDEX emails_key ON emails (email_key);
             CREATE INDEX emails_member ON emails (member_id);",
        )?;
        for m in members {
            conn.execute(
                "INSERT INTO members VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    m.member_id,
                    m.loyalty_number,
                    m.loyalty_number.as_deref().map(|l| policy.loyalty_key(l)),
                    m.first_name,
                    m.last_name,
                    state_text(m.state)
                ],
            )?;
            for e in &m.emails {
                conn.execute(
                    "INSERT INTO emails VALUES (?1, ?2, ?3)",
                    rusqlite::params![m.member_id, e, normalize_email(e)],
                )?;
            }
        }
        conn.execute_batch("COMMIT")?;
        Ok(SqliteDirectory {
            conn: Mutex::new(conn),
        })
    }

    /// A directory over a database `load` filled earlier (e.g. a file).
    #[allow(dead_code)] // used by the scale runner, not by the main example
    pub fn existing(conn: rusqlite::Connection) -> Self {
        SqliteDirectory {
            conn: Mutex::new(conn),
        }
    }

    fn query(&self, sql: &str, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        let unavailable = |e: rusqlite::Error| DirectoryError::Unavailable(e.to_string());
        let conn = self
            .conn
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
}

const COLUMNS: &str = "m.member_id, m.loyalty_number, m.first_name, m.last_name, m.state";

#[async_trait::async_trait]
impl MemberDirectory for SqliteDirectory {
    async fn find_by_loyalty(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        self.query(
            &format!("SELECT {COLUMNS} FROM members m WHERE m.loyalty_key = ?1"),
            key,
        )
    }

    async fn find_by_email(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        self.query(&format!("SELECT DISTINCT {COLUMNS} FROM members m JOIN emails e ON e.member_id = m.member_id WHERE e.email_key = ?1"), key)
    }
}
