//! `SqliteMemberDirectory`: the supplier's member list in an embedded SQLite database as the
//! auto-connect job's `MemberDirectory` — loaded in one transaction with prepared statements
//! and the keys the core computes (the policy's loyalty key, each email's normalised form)
//! indexed after the rows are in, looked up off the async worker threads.

use crate::blocking::off_workers;
use std::sync::{Arc, Mutex};
use triplink_core::matching::normalize::normalize_email;
use triplink_core::matching::{
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

/// Why a member database could not be made or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemberDbError {
    /// A member was refused (no id, nothing to be found by, a repeated id…); nothing was kept.
    #[error("member {member_id}: {reason}")]
    Row {
        /// The refused member's id.
        member_id: String,
        /// Why.
        reason: String,
    },
    /// The database refused an operation.
    #[error("member database: {0}")]
    Database(String),
    /// The database has no member tables.
    #[error("not a member database")]
    NotAMemberDatabase,
}

fn db_err(e: rusqlite::Error) -> MemberDbError {
    MemberDbError::Database(e.to_string())
}

/// Members in SQLite.
///
/// ```
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use triplink::matching::{members_from_csv, MatchPolicy, MemberDirectory};
/// use triplink::sqlite_member_directory::SqliteMemberDirectory;
/// let list = members_from_csv("member_id,loyalty_number,last_name\nm1,123456,Smith\n")?;
/// let conn = rusqlite::Connection::open_in_memory()?;
/// let members = SqliteMemberDirectory::load(conn, &MatchPolicy::either(), &list, || ())?;
/// assert_eq!(members.find_by_loyalty("123456").await?.len(), 1);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SqliteMemberDirectory {
    conn: Arc<Mutex<rusqlite::Connection>>,
}

impl std::fmt::Debug for SqliteMemberDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteMemberDirectory")
            .finish_non_exhaustive()
    }
}

impl SqliteMemberDirectory {
    /// Creates the schema in `conn` (an empty database) and loads `members` with `policy`'s
    /// keys, in one transaction: nothing is kept when a row fails. `on_row` is called after
    /// each member (a progress bar).
    pub fn load(
        mut conn: rusqlite::Connection,
        policy: &MatchPolicy,
        members: &[MemberRecord],
        mut on_row: impl FnMut(),
    ) -> Result<Self, MemberDbError> {
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
                let row = |reason: String| MemberDbError::Row {
                    member_id: m.member_id.clone(),
                    reason,
                };
                if let Some(problem) = m.problem() {
                    return Err(row(problem.to_owned()));
                }
                member
                    .execute(rusqlite::params![
                        m.member_id,
                        m.loyalty_number,
                        m.loyalty_number.as_deref().map(|l| policy.loyalty_key(l)),
                        m.first_name,
                        m.last_name,
                        m.state.as_str()
                    ])
                    .map_err(|e| row(e.to_string()))?;
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
        Ok(Self::over(conn))
    }

    /// A directory over a database [`Self::load`] filled earlier (e.g. a file opened
    /// read-only); refused when it has no member tables.
    pub fn open(conn: rusqlite::Connection) -> Result<Self, MemberDbError> {
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
                 AND name IN ('members', 'emails')",
                [],
                |r| r.get(0),
            )
            .map_err(db_err)?;
        if tables != 2 {
            return Err(MemberDbError::NotAMemberDatabase);
        }
        Ok(Self::over(conn))
    }

    fn over(conn: rusqlite::Connection) -> Self {
        SqliteMemberDirectory {
            conn: Arc::new(Mutex::new(conn)),
        }
    }

    /// How many members the database holds.
    pub fn count(&self) -> Result<usize, MemberDbError> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| MemberDbError::Database("lock poisoned".into()))?;
        let n: i64 = conn
            .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
            .map_err(db_err)?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Runs `sql` with `key` off the async worker threads.
    async fn query(
        &self,
        sql: &'static str,
        key: &str,
    ) -> Result<Vec<MemberRecord>, DirectoryError> {
        let (conn, key) = (self.conn.clone(), key.to_owned());
        off_workers(move || Ok(query_blocking(&conn, sql, &key)))
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
                // An unknown state (a newer writer) is the safe one: a person looks first.
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

const BY_LOYALTY: &str = "SELECT m.member_id, m.loyalty_number, m.first_name, m.last_name, \
     m.state FROM members m WHERE m.loyalty_key = ?1";
const BY_EMAIL: &str = "SELECT DISTINCT m.member_id, m.loyalty_number, m.first_name, \
     m.last_name, m.state FROM members m JOIN emails e ON e.member_id = m.member_id \
     WHERE e.email_key = ?1";

#[async_trait::async_trait]
impl MemberDirectory for SqliteMemberDirectory {
    async fn find_by_loyalty(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        self.query(BY_LOYALTY, key).await
    }

    async fn find_by_email(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        self.query(BY_EMAIL, key).await
    }
}
