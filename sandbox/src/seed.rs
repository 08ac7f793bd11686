//! Seeded queues for load and durability tests: N deterministic Concur users, one pending
//! connection request each, and the supplier member list that matches every one of them.
//!
//! User number `i` (0-based, counted over every seeding of one sandbox) always gets the same
//! id, names, loyalty number and email, so a members file generated in another process (or
//! fetched from `GET /_sandbox/seed/members.csv`) matches the queue exactly: with the SDK's
//! default policy every seeded request ends `CRSUC`. One user in four lives in "eu", so the
//! exchange's geolocation redirect is part of every large run.

use crate::state::{Dc, User, World};

/// Syllables the seeded names are spelt from (letters only, so name normalisation keeps them).
const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fu", "go", "ha", "ji", "pe", "zu",
];

/// Header of the members CSV (the columns `members_from_csv` reads).
pub const MEMBERS_CSV_HEADER: &str = "member_id,loyalty_number,first_name,last_name,email,state";

/// A capitalised name spelt from the hexadecimal digits of `n` (at least `min` syllables).
fn spelt(n: usize, min: usize) -> String {
    let mut out = String::new();
    let mut rest = n;
    let mut count = 0;
    while rest > 0 || count < min {
        out.push_str(SYLLABLES[rest % 16]);
        rest /= 16;
        count += 1;
    }
    let mut chars = out.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The Concur user id of seeded user `i`.
pub fn seeded_user_id(i: usize) -> String {
    format!("5eed0000-0000-4000-8000-{i:012}")
}

/// The data centre seeded user `i` lives in (one in four in "eu").
pub fn seeded_dc(i: usize) -> Dc {
    if i % 4 == 3 {
        Dc::Eu
    } else {
        Dc::Us
    }
}

/// Seeded user `i` as Concur knows it.
pub fn seeded_user(i: usize) -> User {
    User {
        id: seeded_user_id(i),
        login: format!("seed{i}@seed.test"),
        password: "seed".into(),
        dc: seeded_dc(i),
        first_name: spelt(i % 7, 2),
        middle_name: None,
        last_name: spelt(i, 3),
        loyalty_number: Some(format!("SL-{i:08}")),
        emails: vec![format!("seed{i}@seed.test")],
        supplier_admin: false,
    }
}

/// The member record matching seeded user `i`, as one CSV line (no newline).
pub fn seeded_member_line(i: usize) -> String {
    let u = seeded_user(i);
    format!(
        "S-{i:08},{},{},{},{},active",
        u.loyalty_number.unwrap_or_default(),
        u.first_name,
        u.last_name,
        u.emails.first().cloned().unwrap_or_default()
    )
}

/// The members CSV (with its header) matching seeded users `0..count`.
pub fn members_csv(count: usize) -> String {
    let mut out = String::with_capacity(64 * (count + 1));
    out.push_str(MEMBERS_CSV_HEADER);
    out.push('\n');
    for i in 0..count {
        out.push_str(&seeded_member_line(i));
        out.push('\n');
    }
    out
}

/// The members CSV matching everyone in `world`'s queue: the demo members when the demo data
/// was seeded, then one line per seeded user.
pub fn population_members_csv(world: &World) -> String {
    let mut out = if world.demo_seeded {
        crate::demo::DEMO_MEMBERS_CSV.to_owned()
    } else {
        format!("{MEMBERS_CSV_HEADER}\n")
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for i in 0..world.seeded {
        out.push_str(&seeded_member_line(i));
        out.push('\n');
    }
    out
}

/// Adds `n` seeded users (numbered on from those already seeded) with one pending request
/// each, issued at `now`; returns the range of user numbers added.
pub fn seed_requests(world: &mut World, n: usize, now: i64) -> std::ops::Range<usize> {
    let first = world.seeded;
    for i in first..first + n {
        let user = seeded_user(i);
        let id = user.id.clone();
        world.push_user(user);
        world.add_request(&id, now);
    }
    world.seeded = first + n;
    first..first + n
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_are_distinct_letters_and_stable() {
        let a: std::collections::HashSet<String> =
            (0..5000).map(|i| seeded_user(i).last_name).collect();
        assert_eq!(a.len(), 5000);
        assert!(a.iter().all(|n| n.chars().all(|c| c.is_ascii_alphabetic())));
        assert_eq!(seeded_user(42), seeded_user(42));
        assert_eq!(seeded_dc(3), Dc::Eu);
    }

    #[test]
    fn the_members_file_lists_every_seeded_user() {
        let csv = members_csv(3);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], MEMBERS_CSV_HEADER);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].starts_with("S-00000002,SL-00000002,"));
    }
}
