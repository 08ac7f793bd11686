//! XML 1.0's lexical rules, shared by both readers (`xml_tree`, `xml_stream`) and the writers:
//! the control characters and references a document may hold, the names it may use (prefixes
//! dropped), attributes by local name, and escaping that reads back exactly.

use crate::error::{Result, TriplinkError};
use quick_xml::events::BytesRef;
use std::borrow::Cow;

/// A `Decode` error about XML, for both readers.
pub(crate) fn decode_err(msg: impl Into<String>) -> TriplinkError {
    TriplinkError::decode("xml", msg)
}

/// The byte offset of the first character XML 1.0 bars from a document (its `Char`
/// production; a `str` holds no surrogates): the control characters below 0x20 but tab, LF
/// and CR, and the noncharacters U+FFFE and U+FFFF. One pass over the whole input in
/// fixed-size blocks, which the compiler turns into vector compares: far cheaper than checking
/// each text run. A block holding 0xEF, the lead byte of U+F000–U+FFFF, is looked at byte by
/// byte. Called once per document, never inlined: one copy serves every reader and writer.
#[inline(never)]
pub(crate) fn barred_char_at(text: &str) -> Option<usize> {
    const BLOCK: usize = 64;
    let flagged = |b: u8| {
        (u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r'))
            | u8::from(b == 0xEF)
    };
    let bytes = text.as_bytes();
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut at = 0;
    for block in blocks.by_ref() {
        if block.iter().fold(0u8, |acc, &b| acc | flagged(b)) != 0 {
            if let Some(i) = (at..at + BLOCK).find(|&i| barred_at(bytes, i)) {
                return Some(i);
            }
        }
        at += BLOCK;
    }
    (at..bytes.len()).find(|&i| barred_at(bytes, i))
}

/// True when a barred character starts at byte `i` (see [`barred_char_at`]).
#[inline]
fn barred_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\t' | b'\n' | b'\r' => false,
        b if b < 0x20 => true,
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
        _ => false,
    }
}

/// True for the characters XML 1.0 allows (its `Char` production): tab, LF, CR,
/// U+0020–U+D7FF, U+E000–U+FFFD and U+10000 up.
fn xml10_allows(ch: char) -> bool {
    matches!(
        ch,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..
    )
}

/// What a reference stands for, for both parsers: one of the five predefined entities
/// (`&amp;`…, borrowed) or a character reference (`&#233;`), refused unless XML 1.0 allows
/// the character. No other entity exists here (there is no DTD).
pub(crate) fn resolve_ref(r: &BytesRef<'_>) -> Result<Cow<'static, str>> {
    if !r.is_char_ref() {
        return Ok(Cow::Borrowed(match &*r.xml10_content() {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            other => return Err(decode_err(format!("unknown entity &{other};"))),
        }));
    }
    let c = r
        .resolve_char_ref()
        .map_err(|e| decode_err(format!("bad character reference: {e}")))?;
    match c {
        Some(ch) if !xml10_allows(ch) => Err(decode_err(format!(
            "character reference to U+{:04X}, which XML 1.0 does not allow",
            u32::from(ch)
        ))),
        Some(ch) => Ok(Cow::Owned(String::from(ch))),
        None => Ok(Cow::Borrowed("")),
    }
}

/// The error for [`barred_char_at`]'s finding in `text`.
pub(crate) fn barred_char_error(text: &str, at: usize) -> TriplinkError {
    match text[at..].chars().next() {
        Some(c) if c < ' ' => decode_err(format!(
            "control character at byte {at} (not allowed in XML 1.0)"
        )),
        c => decode_err(format!(
            "U+{:04X} at byte {at} (a noncharacter XML 1.0 does not allow)",
            c.map_or(0, u32::from)
        )),
    }
}

/// The local part of a name read from a document (any prefix dropped, as the readers are
/// namespace-agnostic); refused unless it is an XML name (`a:`, or `a"b`, which the lexer lets
/// through but which could not be written back). Every element goes through here: ASCII
/// names take one branch-free pass that both checks the bytes and looks for a prefix.
#[inline(always)]
pub(crate) fn local_part<'a>(what: &str, qname: &'a str) -> Result<&'a str> {
    let bytes = qname.as_bytes();
    let (all_name_bytes, prefixed) = bytes.iter().fold((true, false), |(ok, colon), &b| {
        (
            ok & (NAME_BYTES[usize::from(b)] & NAME_REST != 0),
            colon | (b == b':'),
        )
    });
    let local = if prefixed {
        qname.rsplit(':').next().unwrap_or(qname)
    } else {
        qname
    };
    let starts_well = local
        .as_bytes()
        .first()
        .is_some_and(|&b| NAME_BYTES[usize::from(b)] & NAME_START != 0);
    if all_name_bytes && starts_well {
        return Ok(local);
    }
    if is_xml_name(local) {
        Ok(local)
    } else {
        Err(not_a_name(what, qname))
    }
}

#[cold]
#[inline(never)]
fn not_a_name(what: &str, qname: &str) -> TriplinkError {
    decode_err(format!(
        "{what} name {qname:?} is not an XML name once its prefix is dropped"
    ))
}

/// True when `s` is an XML 1.0 `Name` (Fifth Edition, §2.3): a name start character, then
/// name characters. ASCII names, the common case, are checked with one table look-up a byte.
pub(crate) fn is_xml_name(s: &str) -> bool {
    let ascii = |b: &u8, kind: u8| NAME_BYTES[usize::from(*b)] & kind != 0;
    match s.as_bytes() {
        [] => false,
        [first, rest @ ..]
            if ascii(first, NAME_START) && rest.iter().all(|b| ascii(b, NAME_REST)) =>
        {
            true
        }
        _ => {
            let mut chars = s.chars();
            chars.next().is_some_and(is_name_start)
                && chars.all(|c| is_name_start(c) || is_name_rest(c))
        }
    }
}

const NAME_START: u8 = 1;
const NAME_REST: u8 = 2;

/// For each byte, whether it is an ASCII character that may start a name (`NAME_START`) and
/// one that may follow in it (`NAME_REST`); bytes of other characters have neither.
const NAME_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' || c == b':' {
            table[b] = NAME_START | NAME_REST;
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            table[b] = NAME_REST;
        }
        b += 1;
    }
    table
};

/// XML 1.0's `NameStartChar`.
fn is_name_start(c: char) -> bool {
    matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}'
        | '\u{f8}'..='\u{2ff}' | '\u{370}'..='\u{37d}' | '\u{37f}'..='\u{1fff}'
        | '\u{200c}'..='\u{200d}' | '\u{2070}'..='\u{218f}' | '\u{2c00}'..='\u{2fef}'
        | '\u{3001}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{fffd}'
        | '\u{10000}'..='\u{effff}')
}

/// The characters XML 1.0's `NameChar` adds to `NameStartChar`.
fn is_name_rest(c: char) -> bool {
    matches!(c, '-' | '.' | '0'..='9' | '\u{b7}' | '\u{300}'..='\u{36f}' | '\u{203f}'..='\u{2040}')
}

/// An element's attributes by local name, values normalised, namespace declarations dropped.
/// Two attributes with the same local part (`a:x`, `b:x`) are refused: they would be written
/// back as two `x`; so is a prefixed `xmlns` (`p:xmlns`), which would be written as a namespace
/// declaration.
pub(crate) fn attributes_of(
    e: &quick_xml::events::BytesStart<'_>,
) -> Result<Vec<(String, String)>> {
    let mut attrs: Vec<(String, String)> = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| decode_err(format!("bad attribute: {err}")))?;
        let key = a.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let key = local_part("attribute", key)?;
        // `p:xmlns` would be written as a second namespace declaration.
        if key == "xmlns" || attrs.iter().any(|(k, _)| k == key) {
            return Err(decode_err(format!(
                "attribute name {key:?} is taken once prefixes are dropped"
            )));
        }
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| decode_err(format!("bad attribute value: {err}")))?;
        // A character reference in a value is resolved by the lexer, which does not check it.
        if let Some(ch) = value.chars().find(|&c| !xml10_allows(c)) {
            return Err(decode_err(format!(
                "attribute {key:?} holds U+{:04X}, which XML 1.0 does not allow",
                u32::from(ch)
            )));
        }
        attrs.push((key.to_owned(), value.into_owned()));
    }
    Ok(attrs)
}

/// Escapes text for XML output: `<`, `>`, `&`, `'` and `"` as entities, and CR as `&#xD;`,
/// because a parser turns a CR written as is into LF (XML 1.0 §2.11, end-of-line handling).
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_where(s, |b| {
        matches!(b, b'<' | b'>' | b'&' | b'\'' | b'"' | b'\r')
    })
}

/// Escapes an attribute value for XML output: as [`escape`], and tab and LF as `&#x9;` and
/// `&#xA;`, which a parser would read as spaces (§3.3.3, attribute-value normalisation).
pub fn escape_attr(s: &str) -> Cow<'_, str> {
    escape_where(s, |b| {
        matches!(b, b'<' | b'>' | b'&' | b'\'' | b'"' | b'\r' | b'\t' | b'\n')
    })
}

/// `s` with every ASCII character `special` picks written as a reference; borrowed when there
/// is none.
fn escape_where(s: &str, special: impl Fn(u8) -> bool) -> Cow<'_, str> {
    let Some(first) = s.bytes().position(&special) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for ch in s[first..].chars() {
        let special = u8::try_from(ch).ok().filter(|&b| special(b));
        match special {
            Some(b'<') => out.push_str("&lt;"),
            Some(b'>') => out.push_str("&gt;"),
            Some(b'&') => out.push_str("&amp;"),
            Some(b'\'') => out.push_str("&apos;"),
            Some(b'"') => out.push_str("&quot;"),
            Some(b'\r') => out.push_str("&#xD;"),
            Some(b'\t') => out.push_str("&#x9;"),
            Some(b'\n') => out.push_str("&#xA;"),
            _ => out.push(ch),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The block-at-a-time scan finds exactly what a byte-by-byte look finds.
        #[test]
        fn control_scan_agrees_with_a_plain_search(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let text = String::from_utf8_lossy(&bytes);
            proptest::prop_assert_eq!(barred_char_at(&text), plain_search(&text));
        }

        /// The same with the noncharacters and their neighbours that share the 0xEF lead byte
        /// (U+FFFD, halfwidth ｱ), across block edges.
        #[test]
        fn noncharacter_scan_agrees_with_a_plain_search(chars in proptest::collection::vec(proptest::sample::select(vec!['a', 'é', '\u{ff71}', '\u{fffd}', '\u{fffe}', '\u{ffff}', '\u{1}', '\n']), 0..120)) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(barred_char_at(&text), plain_search(&text));
        }
    }

    /// [`barred_char_at`] the slow, obvious way.
    fn plain_search(text: &str) -> Option<usize> {
        text.char_indices()
            .find(|&(_, c)| !xml10_allows(c))
            .map(|(i, _)| i)
    }

    #[test]
    fn names_follow_the_xml_name_production() {
        for (name, ok) in [
            ("a", true),
            ("_x1.-", true),
            ("été", true),
            ("名前", true),
            ("", false),
            ("1a", false),
            ("-a", false),
            ("a b", false),
            ("a\"", false),
            ("a<", false),
            ("\u{b7}a", false),
        ] {
            assert_eq!(is_xml_name(name), ok, "{name:?}");
        }
    }

    #[test]
    fn escaping_reads_back_exactly() {
        assert_eq!(escape("plain"), Cow::Borrowed("plain"));
        assert_eq!(
            escape("a<b>&'\"\r\n\t"),
            "a&lt;b&gt;&amp;&apos;&quot;&#xD;\n\t"
        );
        assert_eq!(escape_attr("\r\n\tx é"), "&#xD;&#xA;&#x9;x é");
        for text in ["x\r\ny", " \t lead", "é<ü>"] {
            let doc = format!("<a b=\"{}\">{}</a>", escape_attr(text), escape(text));
            let el = crate::wire::xml_tree::parse_document(&doc).unwrap();
            assert_eq!(el.attrs[0].1, text, "{doc}");
            let kept = crate::wire::xml_tree::XmlNode::Text(text.to_owned());
            assert_eq!(el.children, [kept], "{doc}");
        }
    }
}
