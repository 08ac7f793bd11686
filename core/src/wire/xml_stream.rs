//! A streaming XML reader over quick-xml for typed models: yields element opens, text and
//! closes, and captures any element it is asked to keep verbatim as an [`XmlElement`] tree.
//! Same safety rules as `xml_tree`: no DTD, predefined entities only, bounded depth, typed
//! errors, never a panic.

use super::xml_tree::{XmlElement, XmlNode, MAX_DEPTH};
use crate::error::{Result, TriplinkError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// An element start: local name, attributes (local names, namespace declarations dropped).
#[derive(Debug, Clone)]
pub struct Open {
    /// Local name.
    pub name: String,
    /// Attributes.
    pub attrs: Vec<(String, String)>,
    /// `<x/>`: there is no content and no close to read.
    pub empty: bool,
}

/// One step of the stream.
#[derive(Debug)]
pub enum Item {
    /// An element starts.
    Open(Open),
    /// Text (entities resolved).
    Text(String),
    /// The current element ends.
    Close,
    /// The document ends.
    Eof,
}

fn err(msg: impl Into<String>) -> TriplinkError {
    TriplinkError::decode("xml", msg)
}

fn local(s: &str) -> String {
    s.rsplit(':').next().unwrap_or(s).to_owned()
}

fn open_of(e: &BytesStart<'_>, empty: bool) -> Result<Open> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|x| err(format!("bad attribute: {x}")))?;
        let key = a.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|x| err(format!("bad attribute value: {x}")))?;
        attrs.push((local(key), v.into_owned()));
    }
    Ok(Open {
        name: local(e.name().as_ref()),
        attrs,
        empty,
    })
}

/// The stream.
pub struct XmlStream<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
}

impl<'a> XmlStream<'a> {
    /// A stream over a whole document.
    pub fn new(text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        XmlStream { reader, depth: 0 }
    }

    /// The next item (comments, declarations and processing instructions are skipped).
    pub fn next_item(&mut self) -> Result<Item> {
        loop {
            let ev = self.reader.read_event().map_err(|e| {
                err(format!(
                    "malformed XML at byte {}: {e}",
                    self.reader.buffer_position()
                ))
            })?;
            return Ok(match ev {
                Event::DocType(_) => return Err(err("DTDs are not accepted")),
                Event::Start(e) => {
                    if self.depth >= MAX_DEPTH {
                        return Err(err(format!("nesting deeper than {MAX_DEPTH}")));
                    }
                    self.depth += 1;
                    Item::Open(open_of(&e, false)?)
                }
                Event::Empty(e) => Item::Open(open_of(&e, true)?),
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Item::Close
                }
                Event::Text(t) => {
                    let text = t.xml10_content();
                    if text
                        .bytes()
                        .any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
                    {
                        return Err(err("control character in text (not allowed in XML 1.0)"));
                    }
                    Item::Text(text.into_owned())
                }
                Event::CData(c) => Item::Text(c.into_inner().into_owned()),
                Event::GeneralRef(r) => {
                    let c = if r.is_char_ref() {
                        r.resolve_char_ref()
                            .map_err(|e| err(format!("bad character reference: {e}")))?
                    } else {
                        match &*r.xml10_content() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            other => return Err(err(format!("unknown entity &{other};"))),
                        }
                    };
                    Item::Text(c.map(String::from).unwrap_or_default())
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(err("truncated document: missing end tags"));
                    }
                    Item::Eof
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
            });
        }
    }

    /// The document's root element start.
    pub fn root(&mut self) -> Result<Open> {
        loop {
            match self.next_item()? {
                Item::Open(o) => return Ok(o),
                Item::Text(t) if t.trim().is_empty() => {}
                Item::Eof => return Err(err("no root element")),
                _ => return Err(err("content before the root element")),
            }
        }
    }

    /// Checks nothing but whitespace follows the root.
    pub fn finish(&mut self) -> Result<()> {
        loop {
            match self.next_item()? {
                Item::Eof => return Ok(()),
                Item::Text(t) if t.trim().is_empty() => {}
                _ => return Err(err("content after the root element")),
            }
        }
    }

    /// Reads the rest of the element `open` into `el`'s children (indentation dropped, as
    /// `xml_tree` does).
    pub fn capture_into(&mut self, el: &mut XmlElement, empty: bool) -> Result<()> {
        if empty {
            return Ok(());
        }
        loop {
            match self.next_item()? {
                Item::Close => return Ok(()),
                Item::Eof => return Err(err("truncated document")),
                Item::Text(t) => {
                    let joins = matches!(el.children.last(), Some(XmlNode::Text(_)));
                    if let (true, Some(XmlNode::Text(prev))) = (joins, el.children.last_mut()) {
                        prev.push_str(&t);
                    } else if !t.trim().is_empty() {
                        el.children.push(XmlNode::Text(t));
                    }
                }
                Item::Open(o) => {
                    let child = self.capture(o)?;
                    el.children.push(XmlNode::Element(child));
                }
            }
        }
    }

    /// Captures the element `open` (and its subtree) verbatim.
    pub fn capture(&mut self, open: Open) -> Result<XmlElement> {
        let mut el = XmlElement {
            name: open.name,
            attrs: open.attrs,
            children: Vec::new(),
        };
        self.capture_into(&mut el, open.empty)?;
        Ok(el)
    }

    /// Reads a simple element: `Ok((name, text))` when it holds only text, else the element
    /// captured verbatim.
    pub fn text_or_raw(
        &mut self,
        open: Open,
    ) -> Result<std::result::Result<(String, String), XmlElement>> {
        if open.empty {
            return Ok(Ok((open.name, String::new())));
        }
        let mut text = String::new();
        loop {
            match self.next_item()? {
                Item::Text(t) => text.push_str(&t),
                Item::Close => return Ok(Ok((open.name, text))),
                Item::Eof => return Err(err("truncated document")),
                Item::Open(inner) => {
                    let mut el = XmlElement {
                        name: open.name,
                        attrs: open.attrs,
                        children: Vec::new(),
                    };
                    if !text.trim().is_empty() {
                        el.children.push(XmlNode::Text(text));
                    }
                    let child = self.capture(inner)?;
                    el.children.push(XmlNode::Element(child));
                    self.capture_into(&mut el, false)?;
                    return Ok(Err(el));
                }
            }
        }
    }
}
