//! `MemberIndex`: an in-memory index over normalised loyalty numbers and emails for suppliers
//! who load their member list in bulk (CSV or JSON lines), deciding thousands of requests
//! without a database round trip. Keys are stored as 64-bit hashes (≈ 50 bytes per member);
//! every hit is verified against the record, so a hash collision can never connect a stranger.

use super::decide::{decide_prepared, Candidates, Decision, Prepared};
use super::member::{AccountState, DirectoryError, MatchRequest, MemberDirectory, MemberRecord};
use super::normalize::{email_matches, loyalty_matches, normalize_email};
use super::policy::{MatchField, MatchPolicy};
use crate::error::{Result, TriplinkError};
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

const NONE: u32 = u32::MAX;

/// An in-memory member index built for one policy (its loyalty-key rules).
#[derive(Debug, Clone)]
pub struct MemberIndex {
    policy: MatchPolicy,
    members: Vec<MemberRecord>,
    loyalty: HashMap<u64, u32, BuildHasherDefault<DefaultHasher>>,
    email: HashMap<u64, u32, BuildHasherDefault<DefaultHasher>>,
    /// Next member with the same loyalty hash, per member (a chain through `members`).
    next_loyalty: Vec<u32>,
    /// Next (member, email slot) with the same email hash: chains over `email_slots`.
    email_slots: Vec<(u32, u32)>,
    /// Each member's folded last name (its words joined by spaces), so a decision need not
    /// normalise it again, even for the compound-surname rule.
    surname_keys: Vec<Box<str>>,
}

fn key_hash(s: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(s)
}

impl MemberIndex {
    /// Indexes `members` for `policy`.
    pub fn build(policy: MatchPolicy, members: Vec<MemberRecord>) -> Result<Self> {
        policy.check()?;
        if members.len() >= NONE as usize {
            return Err(TriplinkError::invalid(
                "members",
                "too many members for one index",
            ));
        }
        let mut idx = MemberIndex {
            policy,
            loyalty: HashMap::with_capacity_and_hasher(members.len(), Default::default()),
            email: HashMap::with_capacity_and_hasher(members.len(), Default::default()),
            next_loyalty: vec![NONE; members.len()],
            email_slots: Vec::new(),
            surname_keys: Vec::with_capacity(members.len()),
            members: Vec::new(),
        };
        for (i, m) in members.iter().enumerate() {
            let i = i as u32;
            if let Some(l) = m
                .loyalty_number
                .as_deref()
                .map(|l| idx.policy.loyalty_key(l))
                .filter(|k| !k.is_empty())
            {
                let prev = idx.loyalty.insert(key_hash(&l), i).unwrap_or(NONE);
                idx.next_loyalty[i as usize] = prev;
            }
            for e in m
                .emails
                .iter()
                .map(|e| normalize_email(e))
                .filter(|e| !e.is_empty())
            {
                let slot = idx.email_slots.len() as u32;
                let prev = idx.email.insert(key_hash(&e), slot).unwrap_or(NONE);
                idx.email_slots.push((i, prev));
            }
        }
        for m in &members {
            let key = m
                .last_name
                .as_deref()
                .map(|l| idx.policy.name_words(l).join(" "))
                .unwrap_or_default();
            idx.surname_keys.push(key.into_boxed_str());
        }
        idx.members = members;
        Ok(idx)
    }

    /// How many members are indexed.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when no member is indexed.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Bytes the index uses beyond the records themselves (approximate: table slots + chains).
    pub fn index_bytes(&self) -> usize {
        let slot = std::mem::size_of::<(u64, u32)>() + 1;
        (self.loyalty.capacity() + self.email.capacity()) * slot
            + self.next_loyalty.capacity() * 4
            + self.email_slots.capacity() * 8
            + self
                .surname_keys
                .iter()
                .map(|k| std::mem::size_of::<Box<str>>() + k.len())
                .sum::<usize>()
    }

    /// The policy the index was built for.
    pub fn policy(&self) -> &MatchPolicy {
        &self.policy
    }

    /// Positions of the members whose loyalty number normalises to `key` (hits verified).
    fn by_loyalty(&self, key: &str) -> Vec<usize> {
        let mut out = Vec::new();
        self.each_by_loyalty(key, |i| out.push(i));
        out
    }

    /// Calls `hit` with each member whose loyalty number normalises to `key` (hits verified).
    fn each_by_loyalty(&self, key: &str, mut hit: impl FnMut(usize)) {
        let strip = self.policy.strip_leading_zeros;
        let mut i = self.loyalty.get(&key_hash(key)).copied().unwrap_or(NONE);
        while i != NONE {
            let m = &self.members[i as usize];
            if m.loyalty_number
                .as_deref()
                .is_some_and(|l| loyalty_matches(key, l, strip))
            {
                hit(i as usize);
            }
            i = self.next_loyalty[i as usize];
        }
    }

    /// Positions of the members with the verified email `key` (hits verified, no repeats).
    fn by_email(&self, key: &str) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut s = self.email.get(&key_hash(key)).copied().unwrap_or(NONE);
        while s != NONE {
            let (i, next) = self.email_slots[s as usize];
            let i = i as usize;
            if self.members[i].emails.iter().any(|e| email_matches(key, e)) && !out.contains(&i) {
                out.push(i);
            }
            s = next;
        }
        out
    }

    fn records(&self, positions: Vec<usize>) -> Vec<MemberRecord> {
        positions
            .into_iter()
            .map(|i| self.members[i].clone())
            .collect()
    }

    /// Decides a request synchronously (the bulk-job fast path): the request is normalised
    /// once, for the lookups and the decision.
    pub fn decide(&self, req: &MatchRequest) -> Decision {
        let prepared = Prepared::new(&self.policy, req);
        let mut c = Candidates::default();
        if self.policy.uses(MatchField::LoyaltyNumber) {
            if let Some(k) = &prepared.loyalty_key {
                self.each_by_loyalty(k, |i| {
                    c.by_loyalty.push(&self.members[i]);
                    c.surname_keys.push(Some(&*self.surname_keys[i]));
                });
            }
        }
        if self.policy.uses(MatchField::VerifiedEmail) {
            for e in &prepared.emails {
                for i in self.by_email(e) {
                    c.by_email.push(&self.members[i]);
                    c.surname_keys.push(Some(&*self.surname_keys[i]));
                }
            }
        }
        decide_prepared(&self.policy, req, Some(&prepared), &c)
    }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
impl MemberDirectory for MemberIndex {
    async fn find_by_loyalty(
        &self,
        key: &str,
    ) -> std::result::Result<Vec<MemberRecord>, DirectoryError> {
        Ok(self.records(self.by_loyalty(key)))
    }

    async fn find_by_email(
        &self,
        key: &str,
    ) -> std::result::Result<Vec<MemberRecord>, DirectoryError> {
        Ok(self.records(self.by_email(key)))
    }
}

fn row_err(line: usize, msg: impl std::fmt::Display) -> TriplinkError {
    TriplinkError::invalid(format!("members line {line}"), msg.to_string())
}

fn state(line: usize, s: Option<&str>) -> Result<AccountState> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(AccountState::Active),
        Some(s) => AccountState::parse(s)
            .ok_or_else(|| row_err(line, format!("unknown account state `{s}`"))),
    }
}

/// Reads a CSV member list with a header row naming some of: `member_id`, `loyalty_number`,
/// `first_name`, `last_name`, `email` (several emails separated by `;`), `state`. A bad row
/// is an error naming its line: no row is silently dropped.
pub fn members_from_csv(text: &str) -> Result<Vec<MemberRecord>> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr.headers().map_err(|e| row_err(1, e))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (id, loyalty, first, last, email, st) = (
        col("member_id"),
        col("loyalty_number"),
        col("first_name"),
        col("last_name"),
        col("email"),
        col("state"),
    );
    if loyalty.is_none() && email.is_none() {
        return Err(row_err(1, "needs a `loyalty_number` or an `email` column"));
    }
    let mut out = Vec::new();
    for (n, rec) in rdr.records().enumerate() {
        let line = n + 2;
        let rec = rec.map_err(|e| row_err(line, e))?;
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::to_owned)
                .filter(|s| !s.is_empty())
        };
        let loyalty_number = get(loyalty);
        let emails: Vec<String> = get(email)
            .map(|e| {
                e.split(';')
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if loyalty_number.is_none() && emails.is_empty() {
            return Err(row_err(
                line,
                "row has neither a loyalty number nor an email",
            ));
        }
        out.push(MemberRecord {
            member_id: get(id)
                .or_else(|| loyalty_number.clone())
                .unwrap_or_else(|| format!("line-{line}")),
            loyalty_number,
            first_name: get(first),
            last_name: get(last),
            emails,
            state: state(line, get(st).as_deref())?,
        });
    }
    Ok(out)
}

/// Reads JSON lines, one `MemberRecord` object per line (blank lines skipped); a bad line is
/// an error naming it.
pub fn members_from_json_lines(text: &str) -> Result<Vec<MemberRecord>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let m: MemberRecord = serde_json::from_str(line).map_err(|e| row_err(n + 1, e))?;
        out.push(m);
    }
    Ok(out)
}
