//! Normalisation of what members and connection requests type: names (NFKC, full Unicode case
//! folding,
//! diacritics folded, punctuation and spacing ignored, optional German umlaut expansion),
//! surname parts, loyalty numbers and emails.

use super::case_fold::case_fold;
use super::unicode::{normalize, Form};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, is_nfkc_quick, is_nfkd_quick, IsNormalized};

/// Surname particles ignored when comparing multi-part surnames (de la Cruz, van der Berg).
pub const SURNAME_PARTICLES: &[&str] = &[
    "de", "del", "della", "la", "las", "los", "le", "les", "du", "des", "da", "das", "do", "dos",
    "di", "van", "von", "der", "den", "ter", "ten", "zu", "y", "e", "al", "el", "bin", "ibn",
    "mac", "st",
];

fn fold_char(c: char, out: &mut String, umlauts: bool) {
    if umlauts {
        let expanded = match c {
            'ä' => Some("ae"),
            'ö' => Some("oe"),
            'ü' => Some("ue"),
            'ß' => Some("ss"),
            _ => None,
        };
        if let Some(e) = expanded {
            out.push_str(e);
            return;
        }
    }
    match c {
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'ø' => out.push('o'),
        'đ' | 'ð' => out.push('d'),
        'ł' => out.push('l'),
        'ı' => out.push('i'),
        'þ' => out.push_str("th"),
        _ => out.push(c),
    }
}

/// Splits a name into folded words: NFKC, full case folding, umlauts expanded when asked, other
/// diacritics removed, apostrophes and dots dropped, hyphens and spaces as separators.
pub fn name_words(name: &str, umlauts: bool) -> Vec<String> {
    if name.is_ascii() {
        // Fast path: ASCII needs no Unicode normalisation, only folding and splitting; each
        // word is sized once.
        let mut words = Vec::new();
        for part in name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | ',' | '/')) {
            let mut w = String::with_capacity(part.len());
            w.extend(
                part.bytes()
                    .filter(u8::is_ascii_alphanumeric)
                    .map(|b| char::from(b.to_ascii_lowercase())),
            );
            if !w.is_empty() {
                words.push(w);
            }
        }
        return words;
    }
    // Without the decomposition tables (host normaliser) the general path gives the same words.
    #[cfg(feature = "unicode-tables")]
    if name.chars().all(is_simple) {
        return simple_words(name, umlauts);
    }
    general_words(name, umlauts)
}

/// Characters that need no string-level normalisation pass: ASCII, precomposed Latin-1 and
/// Latin Extended-A letters (those without a compatibility form), basic Cyrillic and the CJK
/// Unified Ideographs. A name made only of them is already NFKC, and its NFKD is each
/// character's own decomposition (nothing composes or reorders across characters).
#[cfg(feature = "unicode-tables")]
fn is_simple(c: char) -> bool {
    matches!(
        c as u32,
        0..=0x7F
            | 0xC0..=0x12F
            | 0x131
            | 0x134..=0x13E
            | 0x141..=0x148
            | 0x14A..=0x17E
            | 0x400..=0x45F
            | 0x4E00..=0x9FFF
    )
}

/// Letters met in most names (ASCII, basic Cyrillic lower case, CJK ideographs): known to be
/// alphanumeric and not marks without the Unicode table look-ups.
fn common_letter(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c as u32, 0x430..=0x44F | 0x4E00..=0x9FFF)
}

/// [`general_words`] for a name of [`is_simple`] characters, character by character.
#[cfg(feature = "unicode-tables")]
fn simple_words(name: &str, umlauts: bool) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut folded = String::new();
    for c in name.chars() {
        for lower in case_fold(c) {
            folded.clear();
            fold_char(lower, &mut folded, umlauts);
            for f in folded.chars() {
                unicode_normalization::char::decompose_compatible(f, |d| {
                    word_step(d, &mut cur, &mut words)
                });
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// [`name_words`] for any text: NFKC, case fold, fold diacritics, NFKD, split, NFC per word.
fn general_words(name: &str, umlauts: bool) -> Vec<String> {
    // Case-fold first (so Ä and ä fold alike), then expand umlauts on the composed form.
    // Each normalisation pass is skipped when the Unicode quick check proves the text is
    // already in that form (most names: precomposed Latin, Cyrillic, CJK), which gives the
    // same result without the decomposition buffers.
    let composed: String = if is_nfkc_quick(name.chars()) == IsNormalized::Yes {
        name.chars().flat_map(case_fold).collect()
    } else {
        normalize(name, Form::Nfkc)
            .chars()
            .flat_map(case_fold)
            .collect()
    };
    let mut expanded = String::with_capacity(composed.len());
    for c in composed.chars() {
        fold_char(c, &mut expanded, umlauts);
    }
    let mut words = Vec::new();
    let mut cur = String::new();
    if is_nfkd_quick(expanded.chars()) == IsNormalized::Yes {
        for c in expanded.chars() {
            word_step(c, &mut cur, &mut words);
        }
    } else {
        // Decomposition can bring out a letter the fold above did not see (`ǽ` is `æ` and an
        // acute): fold again, or a second pass would fold what the first one left.
        let mut refolded = String::new();
        for c in normalize(&expanded, Form::Nfkd).chars() {
            refolded.clear();
            fold_char(c, &mut refolded, false);
            for f in refolded.chars() {
                word_step(f, &mut cur, &mut words);
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    // NFKD may have decomposed non-Latin scripts (Hangul); recompose each word.
    words
        .into_iter()
        .map(|w| {
            if is_nfc_quick(w.chars()) == IsNormalized::Yes {
                w
            } else {
                normalize(&w, Form::Nfc)
            }
        })
        .collect()
}

/// One decomposed character of a name: marks dropped, letters and digits kept, separators end
/// a word; apostrophes, dots and other punctuation are ignored inside a word (O'Brien = OBrien).
fn word_step(c: char, cur: &mut String, words: &mut Vec<String>) {
    if common_letter(c) {
        cur.push(c);
        return;
    }
    if is_combining_mark(c) {
        return;
    }
    if c.is_alphanumeric() {
        cur.push(c);
    } else if (c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—' | '_' | ',' | '/'))
        && !cur.is_empty()
    {
        words.push(std::mem::take(cur));
    }
}

/// A name folded to one comparable key: `Zoë O'Brien-Smith` → `zoeobriensmith`.
pub fn normalize_name(name: &str, umlauts: bool) -> String {
    name_words(name, umlauts).concat()
}

/// The significant words of a surname: particles dropped unless nothing else is left.
pub fn surname_core(words: &[String]) -> Vec<&str> {
    let core: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !SURNAME_PARTICLES.contains(w))
        .collect();
    if core.is_empty() {
        words.iter().map(String::as_str).collect()
    } else {
        core
    }
}

/// A loyalty number as compared: spaces, dashes, dots and slashes removed, upper-cased,
/// leading zeros removed when `strip_leading_zeros`.
pub fn normalize_loyalty(number: &str, strip_leading_zeros: bool) -> String {
    let s: String = if number.is_ascii() {
        let mut s = String::with_capacity(number.len());
        s.extend(
            number
                .bytes()
                .filter(|b| !b.is_ascii_whitespace() && !matches!(b, b'-' | b'.' | b'/' | b'_'))
                .map(|b| char::from(b.to_ascii_uppercase())),
        );
        s
    } else {
        let folded: String = normalize(number, Form::Nfkc)
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/' | '_'))
            .flat_map(char::to_uppercase)
            .collect();
        normalize(&folded, Form::Nfkc)
    };
    if strip_leading_zeros {
        let t = s.trim_start_matches('0');
        if t.is_empty() && !s.is_empty() {
            "0".to_owned()
        } else {
            t.to_owned()
        }
    } else {
        s
    }
}

/// True when `raw` normalises to `key` (a [`normalize_loyalty`] result), without allocating
/// for ASCII input.
pub fn loyalty_matches(key: &str, raw: &str, strip_leading_zeros: bool) -> bool {
    if !raw.is_ascii() {
        return normalize_loyalty(raw, strip_leading_zeros) == key;
    }
    let mut chars = raw
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && !matches!(b, b'-' | b'.' | b'/' | b'_'))
        .map(|b| b.to_ascii_uppercase())
        .peekable();
    if strip_leading_zeros {
        while chars.peek() == Some(&b'0') {
            chars.next();
        }
        if chars.peek().is_none() && raw.bytes().any(|b| b == b'0') {
            return key == "0";
        }
    }
    chars.eq(key.bytes())
}

/// True when the folded words of `name` concatenate to exactly `words` joined, without
/// allocating for ASCII names.
pub fn name_equals_words(name: &str, words: &[String], umlauts: bool) -> bool {
    if !name.is_ascii() {
        return name_words(name, umlauts).concat() == words.concat();
    }
    let folded = name
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase());
    folded.eq(words.iter().flat_map(|w| w.bytes()))
}

/// An email as compared: trimmed and lower-cased (NFKC).
pub fn normalize_email(email: &str) -> String {
    if email.is_ascii() {
        return email.trim().to_ascii_lowercase();
    }
    let folded: String = normalize(email, Form::Nfkc)
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    folded.trim().to_owned()
}

/// True when `raw` normalises to the email `key` (a [`normalize_email`] result), without
/// allocating for ASCII input.
pub(crate) fn email_matches(key: &str, raw: &str) -> bool {
    if !raw.is_ascii() {
        return normalize_email(raw) == key;
    }
    let t = raw.trim();
    t.len() == key.len() && t.bytes().map(|b| b.to_ascii_lowercase()).eq(key.bytes())
}

/// Masks an identifier for support-readable text: keeps the last 4 characters of a loyalty
/// number (`•••••6789`), the first letter and domain of an email (`j•••@example.com`).
pub fn mask(value: &str) -> String {
    masked(value, "", "")
}

/// `prefix`, the masked `value`, then `suffix`, built in one string (evidence notes).
pub(crate) fn masked(value: &str, prefix: &str, suffix: &str) -> String {
    const DOT: &str = "•";
    let mut out = String::with_capacity(prefix.len() + value.len() + 12 + suffix.len());
    out.push_str(prefix);
    if let Some((local, domain)) = value.split_once('@') {
        out.extend(local.chars().take(1));
        out.push_str(DOT);
        out.push_str(DOT);
        out.push_str(DOT);
        out.push('@');
        out.push_str(domain);
    } else {
        let n = value.chars().count();
        // Up to 4 characters are all hidden; longer values show their last 4.
        let hidden = if n <= 4 { n } else { n - 4 };
        for _ in 0..hidden {
            out.push_str(DOT);
        }
        out.extend(value.chars().skip(hidden));
    }
    out.push_str(suffix);
    out
}

/// `Zoë O'Brien` → `Zoë O.`: enough for a support agent, not a full name in logs.
pub fn mask_name(first: Option<&str>, last: Option<&str>) -> String {
    let initial: String = last
        .and_then(|l| l.trim().chars().next())
        .map(|c| format!("{c}."))
        .unwrap_or_default();
    match first.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => format!("{f} {initial}").trim().to_owned(),
        None => initial,
    }
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
