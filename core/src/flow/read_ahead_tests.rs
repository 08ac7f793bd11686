//! Unit tests of the read-ahead planner: passes, the end of reading, the cap, refused links.

#![allow(clippy::unwrap_used)]

use super::*;

const FIRST: &str =
    "https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/?limit=2";

fn link(offset: usize) -> String {
    format!("{FIRST}&offset={offset}")
}

fn page(ids: &[&str]) -> Vec<ConnectionRequest> {
    ids.iter()
        .map(|id| ConnectionRequest {
            id: (*id).to_owned(),
            ..ConnectionRequest::default()
        })
        .collect()
}

fn ids(taken: &PageTaken) -> Vec<&str> {
    taken.fresh.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn reads_the_next_page_while_the_first_pages_requests_are_in_flight() {
    let mut plan = ReadAhead::new(100);
    assert_eq!(plan.step(0, true), ReadStep::Read(None));
    // One read at a time.
    assert_eq!(plan.step(0, true), ReadStep::Wait);
    let l2 = link(2);
    let taken = plan.on_page(page(&["a", "b"]), Some(&l2), Some(FIRST));
    assert_eq!(ids(&taken), ["a", "b"]);
    // a and b are in flight: the next page is read now, not after them.
    assert_eq!(plan.step(2, true), ReadStep::Read(Some(l2)));
    let taken = plan.on_page(page(&["c", "d"]), Some(&link(4)), None);
    assert_eq!(ids(&taken), ["c", "d"]);
    // No room: wait.
    assert_eq!(plan.step(4, false), ReadStep::Wait);
    assert_eq!(plan.step(3, true), ReadStep::Read(Some(link(4))));
    assert_eq!(plan.taken(), 4);
}

#[test]
fn a_pass_that_found_requests_is_followed_by_another_from_the_first_page() {
    let mut plan = ReadAhead::new(100);
    plan.step(0, true);
    let taken = plan.on_page(page(&["a", "b"]), Some(&link(2)), Some(FIRST));
    assert_eq!(taken.fresh.len(), 2);
    plan.step(2, true);
    // The PUTs of a and b moved c and d to the head: the pass steps over them.
    let taken = plan.on_page(page(&["e"]), None, None);
    assert_eq!(ids(&taken), ["e"]);
    assert_eq!(plan.step(1, true), ReadStep::Read(None));
    let taken = plan.on_page(page(&["c", "d"]), Some(&link(2)), Some(FIRST));
    assert_eq!(ids(&taken), ["c", "d"]);
}

#[test]
fn a_pass_that_found_nothing_while_requests_ran_waits_for_them_then_checks_once_more() {
    let mut plan = ReadAhead::new(100);
    plan.step(0, true);
    plan.on_page(page(&["a", "b"]), None, None);
    // That pass found a and b: a new pass, begun with both in flight, finds nothing new.
    assert_eq!(plan.step(2, true), ReadStep::Read(None));
    let taken = plan.on_page(page(&["a", "b"]), None, None);
    assert!(taken.fresh.is_empty());
    assert_eq!(plan.step(1, true), ReadStep::Wait);
    // Both finished (b's PUT failed: it stays queued); the last pass begins idle.
    assert_eq!(plan.step(0, true), ReadStep::Read(None));
    let taken = plan.on_page(page(&["b"]), None, None);
    assert!(taken.fresh.is_empty());
    assert_eq!(plan.step(0, true), ReadStep::Done);
}

#[test]
fn pages_past_requests_already_taken() {
    let mut plan = ReadAhead::new(100);
    plan.step(0, true);
    plan.on_page(page(&["a", "b"]), Some(&link(2)), Some(FIRST));
    plan.step(0, true);
    plan.on_page(page(&["c"]), None, None);
    // a, b and c failed their PUTs and stay queued; d came after them.
    assert_eq!(plan.step(0, true), ReadStep::Read(None));
    let taken = plan.on_page(page(&["a", "b"]), Some(&link(2)), Some(FIRST));
    assert!(taken.fresh.is_empty());
    assert_eq!(plan.step(0, true), ReadStep::Read(Some(link(2))));
    let taken = plan.on_page(page(&["c", "d"]), None, None);
    assert_eq!(ids(&taken), ["d"]);
}

#[test]
fn the_cap_stops_taking_mid_page_and_then_reading() {
    let mut plan = ReadAhead::new(3);
    plan.step(0, true);
    let taken = plan.on_page(page(&["a", "b"]), Some(&link(2)), Some(FIRST));
    assert_eq!(taken.fresh.len(), 2);
    plan.step(2, true);
    let taken = plan.on_page(page(&["c", "d"]), Some(&link(4)), None);
    assert_eq!(ids(&taken), ["c"]);
    assert_eq!(plan.step(3, true), ReadStep::MaxReached);
    assert_eq!(plan.step(0, true), ReadStep::Done);
}

#[test]
fn a_refused_link_ends_reading_but_keeps_the_pages_requests() {
    let mut plan = ReadAhead::new(100);
    plan.step(0, true);
    let taken = plan.on_page(
        page(&["a"]),
        Some("https://evil.example/steal"),
        Some(FIRST),
    );
    assert_eq!(ids(&taken), ["a"]);
    assert!(taken.stopped.is_some());
    assert_eq!(plan.step(1, true), ReadStep::Done);

    // A cycle within a pass.
    let mut plan = ReadAhead::new(100);
    plan.step(0, true);
    plan.on_page(page(&["a"]), Some(&link(2)), Some(FIRST));
    plan.step(1, true);
    let taken = plan.on_page(page(&["b"]), Some(&link(2)), None);
    assert_eq!(ids(&taken), ["b"]);
    assert!(taken.stopped.is_some());

    // A first page with a link but no known URL to check it against.
    let mut plan = ReadAhead::new(100);
    plan.step(0, true);
    assert!(plan
        .on_page(page(&["a"]), Some(&link(2)), None)
        .stopped
        .is_some());
}

#[test]
fn a_failed_read_ends_reading() {
    let mut plan = ReadAhead::new(100);
    plan.step(0, true);
    plan.read_failed();
    assert_eq!(plan.step(0, true), ReadStep::Done);
}
