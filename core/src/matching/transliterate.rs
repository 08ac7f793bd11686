//! Optional cross-script comparison for member databases kept in Latin letters: Cyrillic and
//! Greek letters of a name are replaced by their Latin transliteration (`Иванова` → `Ivanova`,
//! `Νίκος` → `Nikos`; letter by letter, so `ου` is `oy`) before the name is normalised. Off by
//! default ([`MatchPolicy::latin_transliteration`](super::MatchPolicy::latin_transliteration));
//! the table (the `any_ascii` crate) is only in builds with the core feature
//! `transliteration`, which native builds enable and the npm package leaves out for its size.

use std::borrow::Cow;

/// True when this build can transliterate (core feature `transliteration`).
pub const AVAILABLE: bool = cfg!(feature = "transliteration");

/// True for the letters transliterated: Greek and Coptic, Cyrillic (with its supplement and
/// extensions) and Greek Extended.
fn cyrillic_or_greek(c: char) -> bool {
    matches!(c as u32, 0x370..=0x3FF | 0x400..=0x52F | 0x1C80..=0x1C8F | 0x1F00..=0x1FFF | 0x2DE0..=0x2DFF | 0xA640..=0xA69F)
}

/// `name` with its Cyrillic and Greek letters in Latin letters; other characters unchanged.
/// Without the `transliteration` feature, `name` as it is.
pub fn latin_letters(name: &str) -> Cow<'_, str> {
    if !AVAILABLE || !name.chars().any(cyrillic_or_greek) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if cyrillic_or_greek(c) {
            push_latin(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(feature = "transliteration")]
fn push_latin(c: char, out: &mut String) {
    out.push_str(any_ascii::any_ascii_char(c));
}

#[cfg(not(feature = "transliteration"))]
fn push_latin(c: char, out: &mut String) {
    out.push(c);
}

#[cfg(all(test, feature = "transliteration"))]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_and_greek_become_latin_and_nothing_else_changes() {
        // The soft sign becomes an apostrophe, which name folding ignores.
        assert_eq!(latin_letters("Ольга Иванова"), "Ol'ga Ivanova");
        // Letter by letter, as `any_ascii` transliterates (υ is `y`, so ου is `oy`, not ELOT's `ou`).
        assert_eq!(latin_letters("Νίκος Παπαδόπουλος"), "Nikos Papadopoylos");
        assert_eq!(latin_letters("Müller 李"), "Müller 李");
    }
}
