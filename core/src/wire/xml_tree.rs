//! A small, safe XML tree on quick-xml: namespace-agnostic local names, no DTDs or entities
//! beyond the five predefined ones and character references, bounded depth, never a panic.
//! Also the matching writer helpers (escaping, nil elements).

use crate::error::{Result, TriplinkError};
use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Deepest element nesting a parser accepts.
pub const MAX_DEPTH: usize = 64;

/// The byte offset of the first control character XML 1.0 forbids anywhere in a document
/// (all below 0x20 but tab, LF and CR). One pass over the whole input in fixed-size blocks,
/// which the compiler turns into vector compares: far cheaper than checking each text run.
pub(crate) fn control_char_at(text: &str) -> Option<usize> {
    const BLOCK: usize = 64;
    let bad = |b: u8| {
        u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r')
    };
    let bytes = text.as_bytes();
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut at = 0;
    for block in blocks.by_ref() {
        if block.iter().fold(0u8, |acc, &b| acc | bad(b)) != 0 {
            break;
        }
        at += BLOCK;
    }
    bytes[at..]
        .iter()
        .position(|&b| bad(b) != 0)
        .map(|i| at + i)
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

/// The error for [`control_char_at`]'s finding.
pub(crate) fn control_char_error(at: usize) -> TriplinkError {
    decode_err(format!(
        "control character at byte {at} (not allowed in XML 1.0)"
    ))
}

/// An element: local name (prefix dropped), attributes (local names), and children in order.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct XmlElement {
    /// The local name, e.g. `ConnectionRequest` for `<ns:ConnectionRequest>`.
    pub name: String,
    /// Attributes as (local name, unescaped value); namespace declarations are dropped.
    pub attrs: Vec<(String, String)>,
    /// Child elements and text runs, in document order.
    pub children: Vec<XmlNode>,
}

/// A child of an element.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum XmlNode {
    /// A child element.
    Element(XmlElement),
    /// A run of text (entity and character references resolved, CDATA included).
    Text(String),
}

impl XmlElement {
    /// Child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &XmlElement> {
        self.children.iter().filter_map(|n| match n {
            XmlNode::Element(e) => Some(e),
            XmlNode::Text(_) => None,
        })
    }

    /// The first child element named `name` (compared case-insensitively).
    pub fn child(&self, name: &str) -> Option<&XmlElement> {
        self.elements().find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The attribute `name` (local name, case-sensitive).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// True for `xsi:nil="true"`.
    pub fn is_nil(&self) -> bool {
        matches!(self.attr("nil"), Some("true") | Some("1"))
    }

    /// The element's own text (text children joined), trimmed; borrowed when it is one run.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        let mut runs = self.children.iter().filter_map(|n| match n {
            XmlNode::Text(t) => Some(t.as_str()),
            XmlNode::Element(_) => None,
        });
        match (runs.next(), runs.next()) {
            (None, _) => std::borrow::Cow::Borrowed(""),
            (Some(one), None) => std::borrow::Cow::Borrowed(one.trim()),
            (Some(a), Some(b)) => {
                let mut s = String::from(a);
                s.push_str(b);
                runs.for_each(|r| s.push_str(r));
                std::borrow::Cow::Owned(s.trim().to_owned())
            }
        }
    }

    /// The trimmed text of child `name`; `None` when absent, nil or empty.
    pub fn child_text(&self, name: &str) -> Option<String> {
        let c = self.child(name)?;
        if c.is_nil() {
            return None;
        }
        Some(c.text().into_owned()).filter(|t| !t.is_empty())
    }
}

fn decode_err(msg: impl Into<String>) -> TriplinkError {
    TriplinkError::decode("xml", msg)
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
        attrs.push((key.to_owned(), value.into_owned()));
    }
    Ok(attrs)
}

fn start_element(e: &quick_xml::events::BytesStart<'_>) -> Result<XmlElement> {
    Ok(XmlElement {
        name: local_part("element", e.name().as_ref())?.to_owned(),
        attrs: attributes_of(e)?,
        children: Vec::new(),
    })
}

fn push_text(stack: &mut [XmlElement], text: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(XmlNode::Text(prev)) = top.children.last_mut() {
            prev.push_str(text);
        } else {
            top.children.push(XmlNode::Text(text.to_owned()));
        }
    }
}

/// Parses a whole document and returns its root element.
///
/// Refuses `<!DOCTYPE>` (no DTD, so no entity expansion), unknown entity references, nesting
/// deeper than [`MAX_DEPTH`], mismatched or missing end tags, and content after the root.
pub fn parse_document(input: &str) -> Result<XmlElement> {
    if let Some(at) = control_char_at(input) {
        return Err(control_char_error(at));
    }
    let mut reader = Reader::from_str(input);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root: Option<XmlElement> = None;
    loop {
        let ev = reader.read_event().map_err(|e| {
            decode_err(format!(
                "malformed XML at byte {}: {e}",
                reader.buffer_position()
            ))
        })?;
        match ev {
            Event::DocType(_) => return Err(decode_err("DTDs are not accepted")),
            Event::Start(e) => {
                if root.is_some() {
                    return Err(decode_err("content after the root element"));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(decode_err(format!("nesting deeper than {MAX_DEPTH}")));
                }
                stack.push(start_element(&e)?);
            }
            Event::Empty(e) => {
                let el = start_element(&e)?;
                match stack.last_mut() {
                    Some(top) => top.children.push(XmlNode::Element(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err(decode_err("content after the root element")),
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| decode_err("unexpected end tag"))?;
                match stack.last_mut() {
                    Some(top) => top.children.push(XmlNode::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                push_text(&mut stack, &text);
            }
            Event::CData(c) => {
                push_text(&mut stack, &c.into_inner());
            }
            Event::GeneralRef(r) => {
                let resolved = resolve_ref(&r)?;
                if !resolved.is_empty() {
                    push_text(&mut stack, &resolved);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(decode_err("truncated document: missing end tags"));
    }
    root.ok_or_else(|| decode_err("no root element"))
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

/// Appends `<name>text</name>`, or `<name xsi:nil="true"/>` for `None`.
pub fn write_text_or_nil(out: &mut String, name: &str, value: Option<&str>) {
    match value {
        Some(v) => {
            out.push('<');
            out.push_str(name);
            out.push('>');
            out.push_str(&escape(v));
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        None => {
            out.push('<');
            out.push_str(name);
            out.push_str(" xsi:nil=\"true\"/>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_namespaces_nil_entities_and_cdata() {
        let doc = r#"<?xml version="1.0"?><ns:Root xmlns:ns="urn:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <ns:A>Tom &amp; Jerry &#233;</ns:A><B xsi:nil="true"/><C><![CDATA[<raw>]]></C></ns:Root>"#;
        let root = parse_document(doc).unwrap();
        assert_eq!(root.name, "Root");
        assert_eq!(root.child_text("a").as_deref(), Some("Tom & Jerry é"));
        assert!(root.child("B").unwrap().is_nil());
        assert_eq!(root.child_text("B"), None);
        assert_eq!(root.child_text("C").as_deref(), Some("<raw>"));
    }

    #[test]
    fn refuses_hostile_documents() {
        let billion = r#"<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><l>&b;</l>"#;
        for bad in [
            billion,
            "<a><b></a>",
            "<a>",
            "<a>&custom;</a>",
            "<a/><b/>",
            "",
            "not xml",
            "<a x='1' x='2'/>",
        ] {
            let e = parse_document(bad).unwrap_err();
            assert_eq!(e.code(), crate::ErrorCode::Decode, "{bad}");
        }
        // Names the readers could not write back once prefixes are dropped (the lexer lets
        // them through): both readers refuse them.
        for bad in [
            "<a x:b='1' y:b='2'/>",
            "<a b:=''/>",
            "<a:/>",
            "<r><a:></a:></r>",
            "<a\"b\"/>",
            "<r><x:-a/></r>",
            "<a b\"c\"='1'/>",
            "<a p:xmlns='urn:x'/>",
        ] {
            let e = parse_document(bad).unwrap_err();
            assert!(e.to_string().contains("name"), "{bad}: {e}");
            let mut s = crate::wire::xml_stream::XmlStream::new(bad);
            let e = std::iter::from_fn(|| Some(s.next_item()))
                .find_map(|step| match step {
                    Ok(crate::wire::xml_stream::Item::Eof) => Some(None),
                    Ok(_) => None,
                    Err(e) => Some(Some(e)),
                })
                .flatten();
            assert_eq!(e.map(|e| e.code()), Some(crate::ErrorCode::Decode), "{bad}");
        }
        assert!(parse_document("<été x:ñ='1' _a.b-c·='2'/>").is_ok());
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
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(parse_document(&deep).is_err());
        let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse_document(&ok).is_ok());
    }

    #[test]
    fn control_characters_are_found_anywhere_and_refused() {
        // Every character position around and across the 64-byte blocks, every forbidden byte.
        // The clean text mixes the allowed controls with bytes that differ from forbidden ones
        // only in the high bit (U+0089 and U+008D are C2 89 and C2 8D; U+0100 is C4 80).
        for len in [0, 1, 63, 64, 65, 130] {
            let clean = "a\t\r\n \u{89}\u{8d}\u{100}"
                .repeat(len)
                .bytes()
                .take(len)
                .collect::<Vec<u8>>();
            // A cut character becomes U+FFFD, which is allowed too.
            let clean = String::from_utf8_lossy(&clean).into_owned();
            assert_eq!(control_char_at(&clean), None, "{len}");
            for (at, ch) in clean.char_indices() {
                for bad in (0u8..0x20).filter(|b| !matches!(b, b'\t' | b'\n' | b'\r')) {
                    let mut doc = clean.clone();
                    doc.replace_range(
                        at..at + ch.len_utf8(),
                        char::from(bad).encode_utf8(&mut [0; 4]),
                    );
                    assert_eq!(control_char_at(&doc), Some(at), "{len} {at} {bad}");
                }
            }
        }
        for doc in [
            "<a>x\u{1}</a>",
            "<a b='\u{8}'/>",
            "<a><!-- \u{1f} --></a>",
            "<a>\u{0}</a>",
        ] {
            let e = parse_document(doc).unwrap_err();
            assert!(e.to_string().contains("control character at byte"), "{e}");
            let mut s = crate::wire::xml_stream::XmlStream::new(doc);
            assert!(s.next_item().is_err(), "{doc:?}");
        }
        assert!(parse_document("<a>\t\r\n</a>").is_ok());
        // The same characters written as references, and the other code points XML 1.0 bars.
        for doc in [
            "<a>&#1;</a>",
            "<a>&#x1F;</a>",
            "<a>&#xFFFE;</a>",
            "<a>&#xFFFF;</a>",
        ] {
            let e = parse_document(doc).unwrap_err();
            assert!(e.to_string().contains("XML 1.0 does not allow"), "{e}");
            let mut s = crate::wire::xml_stream::XmlStream::new(doc);
            assert!(s.next_item().is_ok());
            assert!(s.next_item().is_err(), "{doc:?}");
        }
        let ok = parse_document("<a>x&#9;&#xA;&#xD;&#x20;&#xD7FF;&#xE000;&#xFFFD;&#x10000;x</a>");
        assert_eq!(
            ok.unwrap().text(),
            "x\t\n\r \u{d7ff}\u{e000}\u{fffd}\u{10000}x"
        );
    }

    proptest::proptest! {
        /// The block-at-a-time scan finds exactly what a byte-by-byte look finds.
        #[test]
        fn control_scan_agrees_with_a_plain_search(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let text = String::from_utf8_lossy(&bytes);
            let plain = text.bytes().position(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
            proptest::prop_assert_eq!(control_char_at(&text), plain);
        }
    }

    #[test]
    fn writer_escapes_and_writes_nil() {
        let mut s = String::new();
        write_text_or_nil(&mut s, "A", Some("x<&>\"y"));
        write_text_or_nil(&mut s, "B", None);
        assert_eq!(s, "<A>x&lt;&amp;&gt;&quot;y</A><B xsi:nil=\"true\"/>");
    }
}
