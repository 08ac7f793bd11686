//! `GroupCommit`: saves that arrive while another is being made durable wait, then go to disk
//! together with one sync — each caller still returns only once its own write is durable, so
//! "persisted before use" holds while N concurrent saves cost one fsync instead of N.
//! Blocking (std `Mutex` + `Condvar`): it runs on the blocking pool, never on async workers.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use triplink_core::Result;

/// A queue of writes of type `E` committed in batches.
pub(crate) struct GroupCommit<E> {
    state: Mutex<State<E>>,
    done: Condvar,
}

struct State<E> {
    pending: Vec<(u64, E)>,
    next_ticket: u64,
    results: HashMap<u64, Result<()>>,
    committing: bool,
}

impl<E> Default for GroupCommit<E> {
    fn default() -> Self {
        GroupCommit {
            state: Mutex::new(State {
                pending: Vec::new(),
                next_ticket: 0,
                results: HashMap::new(),
                committing: false,
            }),
            done: Condvar::new(),
        }
    }
}

impl<E> GroupCommit<E> {
    /// Queues `write` and returns once a `commit` call that included it returned (its result).
    /// The first caller to find no commit running commits everything queued so far.
    pub(crate) fn submit(&self, write: E, commit: impl Fn(Vec<E>) -> Result<()>) -> Result<()> {
        let mut st = self
            .state
            .lock()
            .map_err(|_| crate::blocking::poisoned("token store"))?;
        let ticket = st.next_ticket;
        st.next_ticket += 1;
        st.pending.push((ticket, write));
        loop {
            if let Some(r) = st.results.remove(&ticket) {
                return r;
            }
            if !st.committing {
                st.committing = true;
                let batch = std::mem::take(&mut st.pending);
                drop(st);
                let (tickets, writes): (Vec<u64>, Vec<E>) = batch.into_iter().unzip();
                let result = commit(writes);
                st = self
                    .state
                    .lock()
                    .map_err(|_| crate::blocking::poisoned("token store"))?;
                for t in tickets {
                    st.results.insert(t, result.clone());
                }
                st.committing = false;
                self.done.notify_all();
                continue;
            }
            st = self
                .done
                .wait(st)
                .map_err(|_| crate::blocking::poisoned("token store"))?;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn concurrent_writes_share_commits_and_all_get_their_result() {
        let gc = Arc::new(GroupCommit::<u32>::default());
        let commits = Arc::new(AtomicUsize::new(0));
        let written = Arc::new(Mutex::new(Vec::new()));
        let threads: Vec<_> = (0..32u32)
            .map(|i| {
                let (gc, commits, written) = (gc.clone(), commits.clone(), written.clone());
                std::thread::spawn(move || {
                    gc.submit(i, |batch| {
                        commits.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        written.lock().unwrap().extend(batch);
                        Ok(())
                    })
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap().unwrap();
        }
        let mut w = written.lock().unwrap().clone();
        w.sort();
        assert_eq!(w, (0..32).collect::<Vec<_>>());
        assert!(
            commits.load(Ordering::SeqCst) < 32,
            "some commits were shared"
        );
    }
}
