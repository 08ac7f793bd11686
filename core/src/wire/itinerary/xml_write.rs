//! The string-writing half of the Itinerary runtime: elements, scalars, lists and captured
//! (unknown) nodes written back as XML text, escaped, in the order they were read; what no
//! XML document can hold (a barred character, a name that is not one) is refused, not written.

use super::scalar::XmlScalar;
use super::xml_record::{XmlChoice, XmlRecord};
use crate::error::{Result, TriplinkError};
use crate::wire::xml_lexical::{barred_char_at, is_xml_name};
use crate::wire::xml_tree::{escape, escape_attr, XmlElement, XmlNode};

/// The document being written, and the first reason it could not be XML.
///
/// Models read from XML always write; a model built in code or from JSON can hold what XML
/// cannot carry: a control character, U+FFFE or U+FFFF in a value, or an element or attribute
/// name in `extra` that is not a name. The writers note the first such name as they go (they
/// stay infallible, so a record's writer is one straight pass), and [`XmlOut::finish`] checks
/// the whole text for barred characters in one pass: a caller gets an `InvalidInput` error,
/// never a document no parser accepts.
#[derive(Debug, Default)]
pub struct XmlOut {
    text: String,
    fault: Option<TriplinkError>,
}

impl XmlOut {
    /// An empty document with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        XmlOut {
            text: String::with_capacity(capacity),
            fault: None,
        }
    }

    /// Appends a character.
    #[inline]
    pub fn push(&mut self, c: char) {
        self.text.push(c);
    }

    /// Appends text as is (callers escape it).
    #[inline]
    pub fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Notes why the document cannot be XML (the first reason is the one reported).
    pub fn refuse(&mut self, field: &str, reason: String) {
        if self.fault.is_none() {
            self.fault = Some(TriplinkError::invalid(field, reason));
        }
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The document, or an `InvalidInput` error naming the element (or the name) that XML
    /// 1.0 cannot carry.
    #[inline(never)]
    pub fn finish(self) -> Result<String> {
        if let Some(fault) = self.fault {
            return Err(fault);
        }
        match barred_char_at(&self.text) {
            None => Ok(self.text),
            Some(at) => Err(barred_character(&self.text, at)),
        }
    }
}

/// The error for a barred character at `at`: named after the element it is written in.
#[cold]
fn barred_character(text: &str, at: usize) -> TriplinkError {
    let code = text[at..].chars().next().map_or(0, u32::from);
    TriplinkError::invalid(
        enclosing_element(&text[..at]),
        format!("holds U+{code:04X}, a character XML 1.0 cannot carry"),
    )
}

/// The name of the element whose start tag or content `before` ends in. Text and attribute
/// values are written escaped, so every `<` in the writer's output starts a tag: walk the tags
/// backwards, skipping the elements that closed before the end.
fn enclosing_element(before: &str) -> &str {
    let mut end = before.len();
    let mut closed = 0usize;
    while let Some(start) = before[..end].rfind('<') {
        // The tag, without the text that follows it.
        let rest = &before[start + 1..end];
        let tag = rest.find('>').map_or(rest, |i| &rest[..=i]);
        end = start;
        let name_end = tag.find([' ', '>', '/']).unwrap_or(tag.len());
        if tag.starts_with('/') {
            closed += 1;
        } else if tag.ends_with("/>") {
            // An empty element, closed where it opened.
        } else if closed == 0 {
            return &tag[..name_end];
        } else {
            closed -= 1;
        }
    }
    ""
}

/// True for a name the writers may write as is: an XML name without a prefix (the readers
/// keep local names; a prefix here would need a namespace declaration nobody wrote).
fn writable_name(name: &str) -> bool {
    is_xml_name(name) && !name.contains(':')
}

/// Writes `<tag attrs…>`.
pub fn open(out: &mut XmlOut, tag: &str, attrs: &[(String, String)]) {
    out.push('<');
    out.push_str(tag);
    for (i, (k, v)) in attrs.iter().enumerate() {
        if !writable_name(k) || k == "xmlns" || attrs[..i].iter().any(|(seen, _)| seen == k) {
            out.refuse(
                tag,
                format!(
                    "cannot have an attribute named {k:?} (not an XML name without a prefix, \
                     a namespace declaration, or a repeat)"
                ),
            );
        }
        out.push(' ');
        if k == "nil" || k == "type" {
            out.push_str("xsi:");
        }
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(&escape_attr(v));
        out.push('"');
    }
    out.push('>');
}

/// Writes `</tag>`.
pub fn close(out: &mut XmlOut, tag: &str) {
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// Writes `<tag>value</tag>` when set.
pub fn write_scalar<T: XmlScalar>(out: &mut XmlOut, tag: &str, value: &Option<T>) {
    if let Some(v) = value {
        write_one(out, tag, v);
    }
}

/// Writes one simple element.
pub fn write_one<T: XmlScalar>(out: &mut XmlOut, tag: &str, v: &T) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    v.write_escaped(out);
    close(out, tag);
}

/// Writes a list container with its items.
pub fn write_list<T: XmlRecord>(out: &mut XmlOut, tag: &str, item: &str, list: &Option<Vec<T>>) {
    if let Some(items) = list {
        open(out, tag, &[]);
        for i in items {
            i.write_xml(out, item);
        }
        close(out, tag);
    }
}

/// Writes a multi-kind list container.
pub fn write_choice_list<T: XmlChoice>(out: &mut XmlOut, tag: &str, list: &Option<Vec<T>>) {
    if let Some(items) = list {
        open(out, tag, &[]);
        for i in items {
            i.write_choice(out);
        }
        close(out, tag);
    }
}

/// Writes kept raw nodes back, in order.
pub fn write_nodes(out: &mut XmlOut, nodes: &[XmlNode]) {
    for n in nodes {
        match n {
            XmlNode::Text(t) => out.push_str(&escape(t)),
            XmlNode::Element(e) => write_element(out, e),
        }
    }
}

/// Writes a raw element (and its subtree).
pub fn write_element(out: &mut XmlOut, e: &XmlElement) {
    if !writable_name(&e.name) {
        out.refuse(
            &e.name,
            "is not an XML name without a prefix: it cannot be written as an element".into(),
        );
    }
    if e.children.is_empty() {
        open(out, &e.name, &e.attrs);
        out.text.pop();
        out.push_str("/>");
        return;
    }
    open(out, &e.name, &e.attrs);
    write_nodes(out, &e.children);
    close(out, &e.name);
}
