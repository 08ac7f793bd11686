//! Normalisation of what members and connection requests type: names (NFKC, case folding,
//! diacritics folded, punctuation and spacing ignored, optional German umlaut expansion),
//! surname parts, loyalty numbers and emails.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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

/// Splits a name into folded words: NFKC, lower-case, umlauts expanded when asked, other
/// diacritics removed, apostrophes and dots dropped, hyphens and spaces as separators.
pub fn name_words(name: &str, umlauts: bool) -> Vec<String> {
    if name.is_ascii() {
        // Fast path: ASCII needs no Unicode normalisation, only folding and splitting.
        let mut words = Vec::new();
        let mut cur = String::new();
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() {
                cur.push(b.to_ascii_lowercase() as char);
            } else if ((b as char).is_whitespace() || matches!(b, b'-' | b'_' | b',' | b'/'))
                && !cur.is_empty()
            {
                words.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            words.push(cur);
        }
        return words;
    }
    // Lower-case first (so Ä and ä fold alike), then expand umlauts on the composed form.
    let composed: String = name.nfkc().flat_map(char::to_lowercase).collect();
    let mut expanded = String::with_capacity(composed.len());
    for c in composed.chars() {
        fold_char(c, &mut expanded, umlauts);
    }
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in expanded.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            cur.push(c);
        } else if (c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—' | '_' | ',' | '/'))
            && !cur.is_empty()
        {
            words.push(std::mem::take(&mut cur));
        }
        // apostrophes, dots and other punctuation are ignored inside a word: O'Brien = OBrien
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    // NFKD may have decomposed non-Latin scripts (Hangul); recompose each word.
    words.into_iter().map(|w| w.nfc().collect()).collect()
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
        number
            .bytes()
            .filter(|b| !b.is_ascii_whitespace() && !matches!(b, b'-' | b'.' | b'/' | b'_'))
            .map(|b| b.to_ascii_uppercase() as char)
            .collect()
    } else {
        number
            .nfkc()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/' | '_'))
            .flat_map(char::to_uppercase)
            .collect::<String>()
            .nfkc()
            .collect()
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
    let folded: String = email.nfkc().flat_map(char::to_lowercase).collect();
    folded.trim().to_owned()
}

/// Masks an identifier for support-readable text: keeps the last 4 characters of a loyalty
/// number (`•••••6789`), the first letter and domain of an email (`j•••@example.com`).
pub fn mask(value: &str) -> String {
    if let Some((local, domain)) = value.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}•••@{domain}");
    }
    let n = value.chars().count();
    if n <= 4 {
        return "•".repeat(n);
    }
    let tail: String = value.chars().skip(n - 4).collect();
    format!("{}{tail}", "•".repeat(n - 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_the_documented_cases() {
        assert_eq!(normalize_name("Zoë", false), "zoe");
        assert_eq!(
            normalize_name("Zoe\u{0308}", false),
            "zoe",
            "combining diaeresis"
        );
        assert_eq!(normalize_name("Müller", false), "muller");
        assert_eq!(normalize_name("Müller", true), "mueller");
        assert_eq!(normalize_name("Mu\u{0308}ller", true), "mueller");
        assert_eq!(
            normalize_name("O'Brien", false),
            normalize_name("OBrien", false)
        );
        assert_eq!(normalize_name("O’Brien", false), "obrien");
        assert_eq!(
            normalize_name("Smith-Jones", false),
            normalize_name("Smith Jones", false)
        );
        assert_eq!(normalize_name("St. John", false), "stjohn");
        assert_eq!(normalize_name("ＡＢＣ", false), "abc", "full-width");
        assert_eq!(normalize_name("李", false), "李");
        assert_eq!(normalize_name("Ольга", false), "ольга");
        assert_eq!(normalize_name("  ", false), "");
    }

    #[test]
    fn loyalty_email_and_masks() {
        assert_eq!(normalize_loyalty(" ab-12 34 ", false), "AB1234");
        assert_eq!(normalize_loyalty("000123", true), "123");
        assert_eq!(normalize_loyalty("000", true), "0");
        assert_eq!(
            normalize_email("  Pat.Doe@Example.COM "),
            "pat.doe@example.com"
        );
        assert_eq!(mask("123456789"), "•••••6789");
        assert_eq!(mask("pat@example.com"), "p•••@example.com");
        assert_eq!(mask("12"), "••");
    }

    #[test]
    fn surname_core_drops_particles() {
        let w = name_words("van der Berg", false);
        assert_eq!(surname_core(&w), vec!["berg"]);
        let w = name_words("De La", false);
        assert_eq!(surname_core(&w), vec!["de", "la"]);
    }
}
