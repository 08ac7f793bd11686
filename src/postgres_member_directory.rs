//! `PostgresMemberDirectory`: the supplier's member list in PostgreSQL as the auto-connect
//! job's `MemberDirectory`, shared by several workers. Each member row carries the keys the
//! core computes (the policy's loyalty key, each email's normalised form), indexed, so a lookup
//! is one indexed query; the list is bulk-loaded with `COPY` in one transaction. Rows are
//! namespaced by a directory name (one per member list).

use crate::postgres_token_store::{connect, pg_err};
use std::collections::HashSet;
use std::sync::Arc;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, Row, Statement, Transaction};
use triplink_core::matching::normalize::normalize_email;
use triplink_core::matching::{
    AccountState, DirectoryError, MatchPolicy, MemberDirectory, MemberRecord,
};
use triplink_core::{Result, TriplinkError};

const SCHEMA: &str = "
    BEGIN;
    SELECT pg_advisory_xact_lock(7341031);
    CREATE TABLE IF NOT EXISTS triplink_members (
        directory TEXT NOT NULL,
        member_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        loyalty_number TEXT,
        loyalty_key TEXT,
        first_name TEXT,
        last_name TEXT,
        emails TEXT[] NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (directory, member_id)
    );
    CREATE INDEX IF NOT EXISTS triplink_members_loyalty ON triplink_members (directory, loyalty_key);
    CREATE TABLE IF NOT EXISTS triplink_member_emails (
        directory TEXT NOT NULL,
        email_key TEXT NOT NULL,
        member_id TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS triplink_member_emails_key
        ON triplink_member_emails (directory, email_key, member_id);
    COMMIT;";

const COLUMNS: &str = "m.member_id, m.loyalty_number, m.first_name, m.last_name, m.emails, m.state";

/// The member list `name` in PostgreSQL, e.g. `("postgres://…", "acme-members")`.
#[derive(Clone)]
pub struct PostgresMemberDirectory {
    client: Arc<Client>,
    name: String,
    by_loyalty: Statement,
    by_email: Statement,
}

impl std::fmt::Debug for PostgresMemberDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresMemberDirectory")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// A member the loader refuses, named by its position in the list (1 = the first).
fn bad_row(row: usize, member_id: &str, reason: impl std::fmt::Display) -> TriplinkError {
    TriplinkError::invalid(
        format!("members row {row} (member `{member_id}`)"),
        reason.to_string(),
    )
}

/// Refuses, before anything is written, a member that cannot be stored: one the core's
/// [`MemberRecord::problem`] names, a repeated member id, or text PostgreSQL cannot hold (NUL).
fn check_rows(members: &[MemberRecord]) -> Result<()> {
    let mut seen = HashSet::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        let row = i + 1;
        if let Some(problem) = m.problem() {
            return Err(bad_row(row, &m.member_id, problem));
        }
        let texts = [&m.loyalty_number, &m.first_name, &m.last_name];
        if m.member_id.contains('\0')
            || texts
                .iter()
                .any(|t| t.as_deref().is_some_and(|t| t.contains('\0')))
            || m.emails.iter().any(|e| e.contains('\0'))
        {
            return Err(bad_row(
                row,
                &m.member_id.replace('\0', "\\0"),
                "a NUL character",
            ));
        }
        if !seen.insert(m.member_id.as_str()) {
            return Err(bad_row(row, &m.member_id, "the member id is repeated"));
        }
    }
    Ok(())
}

fn record(r: &Row) -> MemberRecord {
    MemberRecord {
        member_id: r.get(0),
        loyalty_number: r.get(1),
        first_name: r.get(2),
        last_name: r.get(3),
        emails: r.get(4),
        // An unknown state (a newer writer) is the safe one: a person looks first.
        state: AccountState::parse(r.get(5)).unwrap_or(AccountState::NeedsAttention),
    }
}

/// Writes `members` with `policy`'s keys into `name`'s rows, replacing what `name` held, with
/// two binary `COPY`s inside the caller's transaction.
async fn copy_members(
    tx: &Transaction<'_>,
    name: &str,
    policy: &MatchPolicy,
    members: &[MemberRecord],
) -> Result<()> {
    let delete = |table: &str| format!("DELETE FROM {table} WHERE directory = $1");
    for table in ["triplink_members", "triplink_member_emails"] {
        tx.execute(&delete(table), &[&name])
            .await
            .map_err(|e| pg_err("replace the member list", e))?;
    }
    let sink = tx
        .copy_in(
            "COPY triplink_members (directory, member_id, seq, loyalty_number, loyalty_key, \
             first_name, last_name, emails, state) FROM STDIN BINARY",
        )
        .await
        .map_err(|e| pg_err("load the members", e))?;
    let types = [
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT_ARRAY,
        Type::TEXT,
    ];
    let mut writer = std::pin::pin!(BinaryCopyInWriter::new(sink, &types));
    for (seq, m) in (0_i64..).zip(members) {
        let loyalty_key = m
            .loyalty_number
            .as_deref()
            .map(|l| policy.loyalty_key(l))
            .filter(|k| !k.is_empty());
        let row: [&(dyn ToSql + Sync); 9] = [
            &name,
            &m.member_id,
            &seq,
            &m.loyalty_number,
            &loyalty_key,
            &m.first_name,
            &m.last_name,
            &m.emails,
            &m.state.as_str(),
        ];
        writer
            .as_mut()
            .write(&row)
            .await
            .map_err(|e| pg_err("load the members", e))?;
    }
    writer
        .finish()
        .await
        .map_err(|e| pg_err("load the members", e))?;

    let sink = tx
        .copy_in("COPY triplink_member_emails (directory, email_key, member_id) FROM STDIN BINARY")
        .await
        .map_err(|e| pg_err("load the members' emails", e))?;
    let mut writer = std::pin::pin!(BinaryCopyInWriter::new(
        sink,
        &[Type::TEXT, Type::TEXT, Type::TEXT]
    ));
    for m in members {
        let mut keys: Vec<String> = m
            .emails
            .iter()
            .map(|e| normalize_email(e))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in &keys {
            writer
                .as_mut()
                .write(&[&name, key, &m.member_id])
                .await
                .map_err(|e| pg_err("load the members' emails", e))?;
        }
    }
    writer
        .finish()
        .await
        .map_err(|e| pg_err("load the members' emails", e))?;
    Ok(())
}

impl PostgresMemberDirectory {
    /// Connects to the member list `name` a [`Self::load`] filled earlier (creating the
    /// tables when missing: an unknown name is an empty list). Needs a tokio runtime.
    ///
    /// ```no_run
    /// # async fn demo() -> triplink::Result<()> {
    /// use triplink::postgres_member_directory::PostgresMemberDirectory;
    /// let members = PostgresMemberDirectory::connect("postgres://triplink@127.0.0.1/triplink", "acme").await?;
    /// println!("{} members", members.len().await?);
    /// # Ok(()) }
    /// ```
    pub async fn connect(url: &str, name: &str) -> Result<Self> {
        let client = connect(url).await?;
        client
            .batch_execute(SCHEMA)
            .await
            .map_err(|e| pg_err("create the tables", e))?;
        Self::ready(client, name).await
    }

    /// Replaces the member list `name` with `members`, keyed for `policy` (the job must decide
    /// with a policy of the same loyalty-key rules), in one transaction: a refused row or a
    /// failed load leaves the previous list as it was. Every row is checked before anything
    /// is written; a bad one is an [`TriplinkError::InvalidInput`] naming its position
    /// (`members row 3 (member `m3`)`). Returns the directory, connected.
    ///
    /// ```no_run
    /// # async fn demo() -> triplink::Result<()> {
    /// use triplink::matching::{members_from_csv, MatchPolicy};
    /// use triplink::postgres_member_directory::PostgresMemberDirectory;
    /// let list = members_from_csv("member_id,loyalty_number,last_name\nm1,123456,Smith\n")?;
    /// let members = PostgresMemberDirectory::load(
    ///     "postgres://triplink@127.0.0.1/triplink",
    ///     "acme",
    ///     &MatchPolicy::either(),
    ///     &list,
    /// )
    /// .await?;
    /// # Ok(()) }
    /// ```
    pub async fn load(
        url: &str,
        name: &str,
        policy: &MatchPolicy,
        members: &[MemberRecord],
    ) -> Result<Self> {
        check_rows(members)?;
        let mut client = connect(url).await?;
        client
            .batch_execute(SCHEMA)
            .await
            .map_err(|e| pg_err("create the tables", e))?;
        let tx = client
            .transaction()
            .await
            .map_err(|e| pg_err("begin the load", e))?;
        copy_members(&tx, name, policy, members).await?;
        tx.commit()
            .await
            .map_err(|e| pg_err("commit the load", e))?;
        Self::ready(client, name).await
    }

    /// Prepares the lookups.
    async fn ready(client: Client, name: &str) -> Result<Self> {
        let by_loyalty = client
            .prepare(&format!(
                "SELECT {COLUMNS} FROM triplink_members m \
                 WHERE m.directory = $1 AND m.loyalty_key = $2 ORDER BY m.seq"
            ))
            .await
            .map_err(|e| pg_err("prepare the lookups", e))?;
        let by_email = client
            .prepare(&format!(
                "SELECT {COLUMNS} FROM triplink_members m \
                 WHERE m.directory = $1 AND m.member_id IN (SELECT e.member_id \
                 FROM triplink_member_emails e WHERE e.directory = $1 AND e.email_key = $2) \
                 ORDER BY m.seq"
            ))
            .await
            .map_err(|e| pg_err("prepare the lookups", e))?;
        Ok(PostgresMemberDirectory {
            client: Arc::new(client),
            name: name.to_owned(),
            by_loyalty,
            by_email,
        })
    }

    /// How many members the list holds.
    pub async fn len(&self) -> Result<u64> {
        let row = self
            .client
            .query_one(
                "SELECT count(*) FROM triplink_members WHERE directory = $1",
                &[&self.name],
            )
            .await
            .map_err(|e| pg_err("count the members", e))?;
        Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }

    /// True when the list holds no member.
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(self.len().await? == 0)
    }

    async fn find(
        &self,
        stmt: &Statement,
        key: &str,
    ) -> std::result::Result<Vec<MemberRecord>, DirectoryError> {
        let rows = self
            .client
            .query(stmt, &[&self.name, &key])
            .await
            .map_err(|e| DirectoryError::Unavailable(format!("PostgreSQL: {e}")))?;
        Ok(rows.iter().map(record).collect())
    }
}

#[async_trait::async_trait]
impl MemberDirectory for PostgresMemberDirectory {
    async fn find_by_loyalty(
        &self,
        key: &str,
    ) -> std::result::Result<Vec<MemberRecord>, DirectoryError> {
        self.find(&self.by_loyalty, key).await
    }

    async fn find_by_email(
        &self,
        key: &str,
    ) -> std::result::Result<Vec<MemberRecord>, DirectoryError> {
        self.find(&self.by_email, key).await
    }
}
