//! The connection-request queue with its indexes: by id, by request token, the pending items
//! in queue order and the re-queued ones by the time they come back — so a list, an exchange
//! or a PUT costs O(log N), not a scan of a 100k-request queue.

use crate::state::ConnectionRequest;
use std::collections::{BTreeSet, HashMap};

/// What became of a status PUT on a queued request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PutEffect {
    /// Re-queued: offered again later with a fresh request token.
    Requeued,
    /// Left the queue for good.
    Final,
    /// Unknown id, already final, or not offered yet.
    NotPending,
}

/// Every connection request ever created, in queue order, with lookups.
#[derive(Debug, Default)]
pub struct Queue {
    items: Vec<ConnectionRequest>,
    by_id: HashMap<String, usize>,
    by_token: HashMap<String, usize>,
    /// Pending and offered now, by queue position.
    ready: BTreeSet<usize>,
    /// Pending but offered only from a later time: (available_at, position).
    delayed: BTreeSet<(i64, usize)>,
    /// Bumped whenever `ready` changes (invalidates `cursor`).
    generation: u64,
    /// (generation, offset, position) of the item after the last page served.
    cursor: Option<(u64, usize, usize)>,
}

impl Queue {
    /// Appends a request at the end of the queue.
    pub fn push(&mut self, cr: ConnectionRequest) {
        let pos = self.items.len();
        self.by_id.insert(cr.id.clone(), pos);
        self.by_token.insert(cr.request_token.clone(), pos);
        if cr.final_status.is_none() {
            self.delayed.insert((cr.available_at, pos));
        }
        self.items.push(cr);
    }

    /// Every request, in queue order.
    pub fn all(&self) -> &[ConnectionRequest] {
        &self.items
    }

    /// How many requests exist (pending or not).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no request exists.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The request with this id.
    pub fn get(&self, id: &str) -> Option<&ConnectionRequest> {
        self.by_id.get(id).and_then(|&p| self.items.get(p))
    }

    /// The request currently holding this request token, for the exchange (which may only
    /// change `token_used`).
    pub fn by_token_mut(&mut self, token: &str) -> Option<&mut ConnectionRequest> {
        let pos = *self.by_token.get(token)?;
        self.items.get_mut(pos)
    }

    /// Whether `user_id` has a request that is not final.
    pub fn has_pending_for(&self, user_id: &str) -> bool {
        self.ready
            .iter()
            .chain(self.delayed.iter().map(|(_, p)| p))
            .any(|&p| self.items[p].user_id == user_id)
    }

    /// Moves the re-queued requests whose time has come back among the offered ones.
    fn promote(&mut self, now: i64) {
        while let Some(&(at, pos)) = self.delayed.first() {
            if at > now {
                break;
            }
            self.delayed.pop_first();
            self.ready.insert(pos);
            self.generation += 1;
        }
    }

    /// Copies of up to `limit` offered requests from `offset` (queue order), and how many are
    /// offered.
    pub fn page(
        &mut self,
        now: i64,
        offset: usize,
        limit: usize,
    ) -> (Vec<ConnectionRequest>, usize) {
        self.promote(now);
        let start = match self.cursor {
            Some((g, o, pos)) if g == self.generation && o == offset => {
                self.ready.range(pos..).copied().next()
            }
            _ => self.ready.iter().copied().nth(offset),
        };
        let positions: Vec<usize> = match start {
            Some(s) => self.ready.range(s..).copied().take(limit).collect(),
            None => vec![],
        };
        if let Some(&last) = positions.last() {
            self.cursor = Some((self.generation, offset + positions.len(), last + 1));
        }
        let items = positions.iter().map(|&p| self.items[p].clone()).collect();
        (items, self.ready.len())
    }

    /// Applies a status PUT: `requeue` is `Some((delay, max))` for the statuses Concur offers
    /// again; `final_text` is what the request keeps once it leaves the queue.
    pub fn apply_status(
        &mut self,
        id: &str,
        now: i64,
        requeue: Option<(i64, u32)>,
        final_text: String,
        fresh_token: String,
    ) -> PutEffect {
        self.promote(now);
        let Some(&pos) = self.by_id.get(id) else {
            return PutEffect::NotPending;
        };
        if !self.ready.contains(&pos) {
            return PutEffect::NotPending;
        }
        self.ready.remove(&pos);
        self.generation += 1;
        let cr = &mut self.items[pos];
        match requeue {
            Some((delay, max)) if cr.requeues < max => {
                cr.requeues += 1;
                cr.available_at = now + delay;
                self.by_token.remove(&cr.request_token);
                cr.request_token = fresh_token;
                self.by_token.insert(cr.request_token.clone(), pos);
                cr.token_issued_at = now + delay;
                cr.token_used = false;
                self.delayed.insert((cr.available_at, pos));
                PutEffect::Requeued
            }
            _ => {
                cr.final_status = Some(final_text);
                PutEffect::Final
            }
        }
    }

    /// Deletes a request (v3.0 DELETE); false when unknown. Rebuilds the indexes: rare.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.items.len();
        let items: Vec<ConnectionRequest> = std::mem::take(&mut self.items)
            .into_iter()
            .filter(|r| r.id != id)
            .collect();
        let removed = items.len() != before;
        *self = Queue::default();
        for cr in items {
            self.push(cr);
        }
        removed
    }
}
