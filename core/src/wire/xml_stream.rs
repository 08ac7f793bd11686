//! A streaming XML reader over quick-xml for typed models: yields element opens, text and
//! closes, and captures any element it is asked to keep verbatim as an [`XmlElement`] tree.
//! Same safety rules as `xml_tree`: no DTD, predefined entities only, bounded depth, typed
//! errors, never a panic.

use super::xml_lexical::{
    attributes_of, barred_char_at, barred_char_error, decode_err as err, local_part, resolve_ref,
};
use super::xml_namespaces::NsScope;
use super::xml_tree::{XmlElement, XmlNode, MAX_DEPTH};
use crate::error::{Result, TriplinkError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

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

/// An element start borrowing its name from the input: the allocation-free form of [`Open`]
/// the typed readers use (most elements are matched by name and never need an owned one).
#[derive(Debug, Clone)]
pub(crate) struct Tag<'a> {
    /// Local name.
    pub(crate) name: Cow<'a, str>,
    /// Attributes.
    pub(crate) attrs: Vec<(String, String)>,
    /// `<x/>`.
    pub(crate) empty: bool,
}

impl Tag<'_> {
    /// The owned [`Open`].
    pub(crate) fn into_open(self) -> Open {
        Open {
            name: self.name.into_owned(),
            attrs: self.attrs,
            empty: self.empty,
        }
    }
}

impl From<Open> for Tag<'_> {
    fn from(o: Open) -> Self {
        Tag {
            name: Cow::Owned(o.name),
            attrs: o.attrs,
            empty: o.empty,
        }
    }
}

/// One step of the stream, borrowing from the input where it can: the form of [`Item`] the
/// typed readers use.
#[derive(Debug)]
pub(crate) enum Step<'a> {
    /// An element starts.
    Open(Tag<'a>),
    /// Text (entities resolved).
    Text(Cow<'a, str>),
    /// The current element ends.
    Close,
    /// The document ends.
    Eof,
}

impl Step<'_> {
    /// The owned [`Item`].
    pub(crate) fn into_item(self) -> Item {
        match self {
            Step::Open(t) => Item::Open(t.into_open()),
            Step::Text(t) => Item::Text(t.into_owned()),
            Step::Close => Item::Close,
            Step::Eof => Item::Eof,
        }
    }
}

/// True when `t` is only whitespace (indentation, mostly: checked bytewise first).
pub(crate) fn blank(t: &str) -> bool {
    t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) || t.trim_start().is_empty()
}

#[cold]
fn malformed(e: quick_xml::Error, at: u64) -> TriplinkError {
    err(format!("malformed XML at byte {at}: {e}"))
}

/// `part` (a slice of an event over `text`) as a slice of `text` itself, so it outlives the
/// event; `None` when it is not one (the caller then copies it). A range of `text` that starts
/// at `part`'s address and has its length is `part`'s own bytes: no comparison is needed.
fn within<'a>(text: &'a str, part: &str) -> Option<&'a str> {
    let off = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    text.get(off..off.checked_add(part.len())?)
}

#[inline(always)]
fn tag_of<'a>(text: &'a str, e: &BytesStart<'_>, empty: bool) -> Result<Tag<'a>> {
    let qname = e.name();
    // Content longer than the name: attributes (or spaces) follow it.
    let attrs = if e.len() > qname.as_ref().len() {
        attributes_of(e)?
    } else {
        Vec::new()
    };
    let name = local_part("element", qname.as_ref())?;
    Ok(Tag {
        name: within(text, name).map_or_else(|| Cow::Owned(name.to_owned()), Cow::Borrowed),
        attrs,
        empty,
    })
}

/// The stream.
pub struct XmlStream<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    depth: usize,
    /// The namespace prefixes declared by the open elements.
    ns: NsScope,
    /// Where the input holds a character XML 1.0 bars: checked once up front, and
    /// every step then refuses the document.
    barred_at: Option<usize>,
}

impl<'a> XmlStream<'a> {
    /// A stream over a whole document.
    pub fn new(text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        XmlStream {
            reader,
            text,
            depth: 0,
            ns: NsScope::default(),
            barred_at: barred_char_at(text),
        }
    }

    /// With `on`, blanks before an element start are skipped inside the reader (no text step
    /// for indentation), and text keeps no leading blanks: for element-only content (a
    /// record's children, a list's items), where blank text is dropped anyway. Off (the
    /// default), text is read exactly as written: reading an element's text or capturing an
    /// element turns it off again.
    pub(crate) fn trim_leading_blanks(&mut self, on: bool) {
        self.reader.config_mut().trim_text_start = on;
    }

    /// The next item (comments, declarations and processing instructions are skipped).
    pub fn next_item(&mut self) -> Result<Item> {
        self.trim_leading_blanks(false);
        self.next_step().map(Step::into_item)
    }

    /// [`XmlStream::next_item`], borrowing names and unescaped text from the input.
    pub(crate) fn next_step(&mut self) -> Result<Step<'a>> {
        self.step()
    }

    /// [`XmlStream::next_step`] inlined: for the two loops every element goes through (a
    /// record's children and a simple element's text), so the step stays in registers instead
    /// of being returned through memory. Everything else calls the one outlined copy.
    #[inline(always)]
    pub(crate) fn step(&mut self) -> Result<Step<'a>> {
        if let Some(at) = self.barred_at {
            return Err(barred_char_error(self.text, at));
        }
        loop {
            let ev = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(e) => return Err(malformed(e, self.reader.buffer_position())),
            };
            return Ok(match ev {
                Event::DocType(_) => return Err(err("DTDs are not accepted")),
                Event::Start(e) => {
                    if self.depth >= MAX_DEPTH {
                        return Err(err(format!("nesting deeper than {MAX_DEPTH}")));
                    }
                    self.depth += 1;
                    self.ns.enter(&e, self.depth)?;
                    Step::Open(tag_of(self.text, &e, false)?)
                }
                Event::Empty(e) => {
                    self.ns.enter(&e, self.depth + 1)?;
                    self.ns.leave(self.depth);
                    Step::Open(tag_of(self.text, &e, true)?)
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    self.ns.leave(self.depth);
                    Step::Close
                }
                Event::Text(t) => Step::Text(t.xml10_content()),
                Event::CData(c) => Step::Text(c.into_inner()),
                Event::GeneralRef(r) => Step::Text(resolve_ref(&r)?),
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(err("truncated document: missing end tags"));
                    }
                    Step::Eof
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
            });
        }
    }

    /// The document's root element start.
    pub fn root(&mut self) -> Result<Open> {
        self.root_tag().map(Tag::into_open)
    }

    /// [`XmlStream::root`], borrowing the name.
    pub(crate) fn root_tag(&mut self) -> Result<Tag<'a>> {
        loop {
            match self.next_step()? {
                Step::Open(o) => return Ok(o),
                Step::Text(t) if blank(&t) => {}
                Step::Eof => return Err(err("no root element")),
                _ => return Err(err("content before the root element")),
            }
        }
    }

    /// Checks nothing but whitespace follows the root.
    pub fn finish(&mut self) -> Result<()> {
        loop {
            match self.next_step()? {
                Step::Eof => return Ok(()),
                Step::Text(t) if blank(&t) => {}
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
        self.capture_rest(el, None)
    }

    /// [`XmlStream::capture_into`] for an element whose last child so far is the text `run`,
    /// which the text that follows it continues.
    pub(crate) fn capture_rest(
        &mut self,
        el: &mut XmlElement,
        mut run: Option<Cow<'a, str>>,
    ) -> Result<()> {
        self.trim_leading_blanks(false);
        loop {
            // Text comes in pieces (split at references and CDATA): adjacent pieces make one
            // run, kept unless the whole run is blank, so it reads back the same once written.
            let step = match self.next_step()? {
                Step::Text(t) => {
                    match &mut run {
                        Some(r) => r.to_mut().push_str(&t),
                        None => run = Some(t),
                    }
                    continue;
                }
                step => step,
            };
            if let Some(r) = run.take().filter(|r| !blank(r)) {
                el.children.push(XmlNode::Text(r.into_owned()));
            }
            match step {
                Step::Close => return Ok(()),
                Step::Eof => return Err(err("truncated document")),
                Step::Open(o) => {
                    let child = self.capture_tag(o)?;
                    el.children.push(XmlNode::Element(child));
                }
                Step::Text(_) => {}
            }
        }
    }

    /// Captures the element `open` (and its subtree) verbatim.
    pub fn capture(&mut self, open: Open) -> Result<XmlElement> {
        self.capture_tag(open.into())
    }

    /// [`XmlStream::capture`] for a borrowed start.
    pub(crate) fn capture_tag(&mut self, open: Tag<'a>) -> Result<XmlElement> {
        let mut el = XmlElement {
            name: open.name.into_owned(),
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
        let name = open.name.clone();
        let mut text = None;
        let mut raw = Vec::new();
        self.text_into(open.into(), &mut raw, &mut |t| {
            text = Some(t.to_owned());
            true
        })?;
        match (text, raw.pop()) {
            (Some(t), _) => Ok(Ok((name, t))),
            (None, Some(XmlNode::Element(el))) => Ok(Err(el)),
            (None, _) => Err(err("element content was neither text nor elements")),
        }
    }

    /// Reads a simple element whose start is `open`. When it holds only text, `fit` gets that
    /// text (entities resolved, untrimmed) and says whether it took it; text it does not take,
    /// and an element holding elements, is kept verbatim in `raw`. The typed readers' path for
    /// every simple element: nothing is handed back through memory, and one copy of the
    /// inlined step serves every scalar type.
    pub(crate) fn text_into(
        &mut self,
        open: Tag<'a>,
        raw: &mut Vec<XmlNode>,
        fit: &mut dyn FnMut(&str) -> bool,
    ) -> Result<()> {
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        if !open.empty {
            self.trim_leading_blanks(false);
            loop {
                match self.step()? {
                    Step::Text(t) if text.is_empty() => text = t,
                    Step::Text(t) => {
                        // Escaped text comes in pieces: grow once for the likely rest.
                        let owned = text.to_mut();
                        owned.reserve(t.len() + 32);
                        owned.push_str(&t);
                    }
                    Step::Close => break,
                    Step::Eof => return Err(err("truncated document")),
                    Step::Open(inner) => {
                        let mut el = kept_as_written(open, text);
                        let child = self.capture_tag(inner)?;
                        el.children.push(XmlNode::Element(child));
                        self.capture_into(&mut el, false)?;
                        raw.push(XmlNode::Element(el));
                        return Ok(());
                    }
                }
            }
        }
        if !fit(&text) {
            raw.push(XmlNode::Element(kept_as_written(open, text)));
        }
        Ok(())
    }
}

/// The element `open` as read so far, kept verbatim: its text (unless blank) as the first child.
fn kept_as_written(open: Tag<'_>, text: Cow<'_, str>) -> XmlElement {
    let children = if text.trim().is_empty() {
        vec![]
    } else {
        vec![XmlNode::Text(text.into_owned())]
    };
    XmlElement {
        name: open.name.into_owned(),
        attrs: open.attrs,
        children,
    }
}
