//! `ReadAhead`: which page of the Connection Requests queue the put-as-you-go drain reads next,
//! so that `concurrency` requests stay in flight across page boundaries. A *pass* reads the
//! first page and follows each page's `NextPage` (validated by a [`PageWalk`]), taking the
//! requests this run has not taken yet; the PUTs of earlier requests shift the rest of the
//! queue towards its head meanwhile, so a pass may step over some, and the next pass (from the
//! first page again) finds them. The drain ends when a pass begun with nothing in flight finds
//! nothing new: only then can no request have moved past it.

use crate::error::TriplinkError;
use crate::flow::paging::PageWalk;
use crate::model::ConnectionRequest;
use std::collections::HashSet;

/// What the drain does about reading, asked after every event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadStep {
    /// Read this page now (`None`: the first page, which starts a pass).
    Read(Option<String>),
    /// Nothing to read now: a page is being read, there is no room, or the requests in
    /// flight must finish before the last pass.
    Wait,
    /// The run took `max_requests`: read nothing more (the queue may hold more).
    MaxReached,
    /// Reading is over.
    Done,
}

/// A page read, as the drain acts on it.
#[derive(Debug)]
pub struct PageTaken {
    /// The requests on the page this run had not taken yet (now taken), in queue order.
    pub fresh: Vec<ConnectionRequest>,
    /// The page's `NextPage` link was refused: reading is over, `fresh` is still to handle.
    pub stopped: Option<TriplinkError>,
}

/// The read-ahead planner of one run (see the module doc).
///
/// ```
/// use triplink_core::flow::read_ahead::{ReadAhead, ReadStep};
/// let mut plan = ReadAhead::new(100);
/// // Nothing taken yet, room to take more: read the first page.
/// assert_eq!(plan.step(0, true), ReadStep::Read(None));
/// // An empty last page on a pass begun with nothing in flight: the queue is drained.
/// let taken = plan.on_page(Vec::new(), None, None);
/// assert!(taken.fresh.is_empty() && taken.stopped.is_none());
/// assert_eq!(plan.step(0, true), ReadStep::Done);
/// ```
#[derive(Debug)]
pub struct ReadAhead {
    /// Ids taken by this run (in flight or handled).
    seen: HashSet<String>,
    max: usize,
    /// The next page of this pass (`None`: the pass ended, or none began).
    next: Option<String>,
    /// This pass's link check, from its first page's URL.
    walk: Option<PageWalk>,
    /// This pass found a request not taken before.
    pass_fresh: bool,
    /// Nothing was in flight when this pass began.
    pass_idle: bool,
    /// The last pass found nothing new while requests were in flight: once they finish, one
    /// more pass from the first page decides whether the queue is drained.
    wait_for_idle: bool,
    reading: bool,
    ended: bool,
}

impl ReadAhead {
    /// A planner taking at most `max_requests` requests.
    pub fn new(max_requests: usize) -> Self {
        ReadAhead {
            seen: HashSet::new(),
            max: max_requests,
            next: None,
            walk: None,
            pass_fresh: false,
            pass_idle: true,
            wait_for_idle: false,
            reading: false,
            ended: false,
        }
    }

    /// Requests taken so far.
    pub fn taken(&self) -> usize {
        self.seen.len()
    }

    /// What to do now, with `unfinished` requests taken and not finished yet (in flight,
    /// being looked up or waiting for a slot) and `room` telling whether more may be taken.
    pub fn step(&mut self, unfinished: usize, room: bool) -> ReadStep {
        if self.ended {
            return ReadStep::Done;
        }
        if self.reading {
            return ReadStep::Wait;
        }
        if self.wait_for_idle {
            if unfinished > 0 {
                return ReadStep::Wait;
            }
            self.wait_for_idle = false;
        }
        if !room {
            return ReadStep::Wait;
        }
        if self.seen.len() >= self.max {
            self.ended = true;
            return ReadStep::MaxReached;
        }
        if self.next.is_none() {
            self.walk = None;
            self.pass_fresh = false;
            self.pass_idle = unfinished == 0;
        }
        self.reading = true;
        ReadStep::Read(self.next.clone())
    }

    /// Takes the fresh requests of the page just read and moves on: to its `NextPage`, or at
    /// the end of the pass to the first page again (or to the end of reading, see the module
    /// doc). `first_url` is the first page's URL, needed when the first page of a pass has a
    /// next link (it anchors the link check).
    pub fn on_page(
        &mut self,
        items: Vec<ConnectionRequest>,
        next_link: Option<&str>,
        first_url: Option<&str>,
    ) -> PageTaken {
        self.reading = false;
        let mut fresh = Vec::new();
        for c in items {
            if self.seen.len() < self.max && self.seen.insert(c.id.clone()) {
                fresh.push(c);
            }
        }
        self.pass_fresh |= !fresh.is_empty();
        let link = next_link.map(str::trim).filter(|s| !s.is_empty());
        if self.next.is_none() && link.is_some() {
            match first_url.map(PageWalk::new) {
                Some(Ok(w)) => self.walk = Some(w),
                Some(Err(e)) => return self.stop_with(fresh, e),
                None => {
                    let e = TriplinkError::protocol("the first page's URL is unknown");
                    return self.stop_with(fresh, e);
                }
            }
        }
        let next = match (&mut self.walk, link) {
            (Some(w), Some(_)) => w.next_url(link),
            _ => Ok(None),
        };
        match next {
            Ok(Some(url)) => self.next = Some(url),
            Ok(None) => {
                self.next = None;
                if !self.pass_fresh {
                    if self.pass_idle {
                        self.ended = true;
                    } else {
                        self.wait_for_idle = true;
                    }
                }
            }
            Err(e) => return self.stop_with(fresh, e),
        }
        PageTaken {
            fresh,
            stopped: None,
        }
    }

    /// A page could not be read: reading is over (the requests taken still finish).
    pub fn read_failed(&mut self) {
        self.reading = false;
        self.ended = true;
    }

    fn stop_with(&mut self, fresh: Vec<ConnectionRequest>, e: TriplinkError) -> PageTaken {
        self.ended = true;
        PageTaken {
            fresh,
            stopped: Some(e),
        }
    }
}

#[cfg(test)]
#[path = "read_ahead_tests.rs"]
mod tests;
