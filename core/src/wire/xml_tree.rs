//! A small, safe XML tree on quick-xml: namespace-agnostic local names, no DTDs or entities
//! beyond the five predefined ones and character references, bounded depth, never a panic.
//! Also the matching writer helper for nil elements.

use super::xml_lexical::{
    attributes_of, barred_char_at, barred_char_error, decode_err, local_part, resolve_ref,
};
pub use super::xml_lexical::{escape, escape_attr};
use super::xml_namespaces::NsScope;
use crate::error::Result;
pub use crate::model::xml_element::{XmlElement, XmlNode};
use quick_xml::events::Event;
use quick_xml::Reader;

/// Deepest element nesting a parser accepts.
pub const MAX_DEPTH: usize = 64;

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
    if let Some(at) = barred_char_at(input) {
        return Err(barred_char_error(input, at));
    }
    let mut reader = Reader::from_str(input);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root: Option<XmlElement> = None;
    let mut ns = NsScope::default();
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
                ns.enter(&e, stack.len() + 1)?;
                stack.push(start_element(&e)?);
            }
            Event::Empty(e) => {
                ns.enter(&e, stack.len() + 1)?;
                ns.leave(stack.len());
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
                ns.leave(stack.len());
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
            "<a xmlns:x='urn:x' xmlns:y='urn:y' x:b='1' y:b='2'/>",
            "<a xmlns:b='urn:b' b:=''/>",
            "<a: xmlns:a='urn:a'/>",
            "<r xmlns:a='urn:a'><a:></a:></r>",
            "<a\"b\"/>",
            "<r xmlns:x='urn:x'><x:-a/></r>",
            "<a b\"c\"='1'/>",
            "<a xmlns:p='urn:p' p:xmlns='urn:x'/>",
            // Not a name, but also what the lexer lets through: a reference in a value to a
            // character XML 1.0 bars.
            "<a b='&#1;'/>",
            "<a b='x&#xFFFF;'/>",
        ] {
            let e = parse_document(bad).unwrap_err().to_string();
            assert!(
                !e.contains("namespace") && (e.contains(" name") || e.contains("not allow")),
                "{bad}: {e}"
            );
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
        assert!(parse_document("<été xmlns:x='urn:x' x:ñ='1' _a.b-c·='2'/>").is_ok());
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
            assert_eq!(barred_char_at(&clean), None, "{len}");
            for (at, ch) in clean.char_indices() {
                for bad in (0u8..0x20).filter(|b| !matches!(b, b'\t' | b'\n' | b'\r')) {
                    let mut doc = clean.clone();
                    doc.replace_range(
                        at..at + ch.len_utf8(),
                        char::from(bad).encode_utf8(&mut [0; 4]),
                    );
                    assert_eq!(barred_char_at(&doc), Some(at), "{len} {at} {bad}");
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
        // The noncharacters U+FFFE and U+FFFF written as is, in text, a value or a name.
        for doc in ["<a>x\u{fffe}</a>", "<a b='\u{ffff}'/>", "<a\u{ffff}/>"] {
            let e = parse_document(doc).unwrap_err();
            assert!(e.to_string().contains("noncharacter"), "{e}");
            let mut s = crate::wire::xml_stream::XmlStream::new(doc);
            assert!(s.next_item().is_err(), "{doc:?}");
        }
        assert!(parse_document("<a>\u{fffd}\u{ff71}\u{10ffff}</a>").is_ok());
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

    #[test]
    fn writer_escapes_and_writes_nil() {
        let mut s = String::new();
        write_text_or_nil(&mut s, "A", Some("x<&>\"y"));
        write_text_or_nil(&mut s, "B", None);
        assert_eq!(s, "<A>x&lt;&amp;&gt;&quot;y</A><B xsi:nil=\"true\"/>");
    }
}
