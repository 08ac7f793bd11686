//! The streaming read / string write runtime the generated Itinerary model uses: records are
//! read straight from quick-xml events, and every unknown, duplicate, nil or ill-typed element
//! is kept verbatim in `extra`, so a read-modify-write never deletes what Concur or another
//! source put there.

use super::scalars::{trim_text, XmlScalar};
use crate::error::Result;
use crate::wire::xml_stream::{blank, Open, Step, Tag, XmlStream};
use crate::wire::xml_tree::{parse_document, XmlElement, XmlNode};

/// A complex element of the Itinerary schema.
pub trait XmlRecord: Sized + Default {
    /// Reads the element whose start is `open` (what does not fit is kept in `extra`).
    fn read_stream(s: &mut XmlStream<'_>, open: Open) -> Result<Self>;
    /// Writes the element as `<tag>…</tag>`.
    fn write_xml(&self, out: &mut String, tag: &str);
}

/// Reading from a borrowed start: what the generated model implements, so nested records are
/// read without copying their names (the public `read_stream` / `read_choice_stream` wrap it).
pub(crate) trait ReadTag: Sized {
    /// Reads the element whose start is `open`.
    fn read_tag<'a>(s: &mut XmlStream<'a>, open: Tag<'a>) -> Result<Self>;
}

/// Reading into a value already in place (a default one in a `Box` or at the end of a list):
/// records are large (a car segment is about 2 KB), and reading them where they will live
/// saves copying each one several times on its way there.
pub(crate) trait ReadInto: Default {
    /// Fills `self` from the element whose start is `open`.
    fn read_into<'a>(&mut self, s: &mut XmlStream<'a>, open: Tag<'a>) -> Result<()>;
}

/// A boxed record reads and writes as the record: what lets a list hold boxed items
/// (`Vec<Box<Booking>>`) through the same `list` reader and writer.
impl<T: XmlRecord> XmlRecord for Box<T> {
    fn read_stream(s: &mut XmlStream<'_>, open: Open) -> Result<Self> {
        T::read_stream(s, open).map(Box::new)
    }
    fn write_xml(&self, out: &mut String, tag: &str) {
        (**self).write_xml(out, tag)
    }
}

/// A boxed record is filled where it lives, like any other.
impl<T: ReadInto> ReadInto for Box<T> {
    fn read_into<'a>(&mut self, s: &mut XmlStream<'a>, open: Tag<'a>) -> Result<()> {
        (**self).read_into(s, open)
    }
}

/// Reads a record straight into a new box (the boxed variants of the list item enums).
pub(crate) fn read_boxed<'a, T: ReadInto>(s: &mut XmlStream<'a>, open: Tag<'a>) -> Result<Box<T>> {
    let mut b = Box::<T>::default();
    b.read_into(s, open)?;
    Ok(b)
}

/// Reads a list item or repeated record straight into its place at the end of `list`.
pub(crate) fn read_item<'a, T: ReadInto>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    list: &mut Vec<T>,
) -> Result<()> {
    push_item(list, T::default());
    match list.last_mut() {
        Some(last) => last.read_into(s, open),
        None => Ok(()),
    }
}

/// An item of a list that may hold several element kinds (segments, charges...).
pub trait XmlChoice: Sized {
    /// Reads one child of the list.
    fn read_choice_stream(s: &mut XmlStream<'_>, open: Open) -> Result<Self>;
    /// Writes it.
    fn write_choice(&self, out: &mut String);
}

/// True for `xsi:nil="true"`.
pub fn is_nil(attrs: &[(String, String)]) -> bool {
    attrs
        .iter()
        .any(|(k, v)| k == "nil" && (v == "true" || v == "1"))
}

fn truncated() -> crate::TriplinkError {
    crate::TriplinkError::decode("xml", "truncated document")
}

/// Reads the children of a record: `on_child` handles each element start, loose text is kept.
pub fn read_children<F>(
    s: &mut XmlStream<'_>,
    empty: bool,
    extra: &mut Vec<XmlNode>,
    mut on_child: F,
) -> Result<()>
where
    F: FnMut(&mut XmlStream<'_>, Open, &mut Vec<XmlNode>) -> Result<()>,
{
    children(s, empty, extra, |s, t, x| on_child(s, t.into_open(), x))
}

/// [`read_children`] with borrowed starts (what the generated model uses).
#[inline(always)]
pub(crate) fn children<'a, F>(
    s: &mut XmlStream<'a>,
    empty: bool,
    extra: &mut Vec<XmlNode>,
    mut on_child: F,
) -> Result<()>
where
    F: FnMut(&mut XmlStream<'a>, Tag<'a>, &mut Vec<XmlNode>) -> Result<()>,
{
    if empty {
        return Ok(());
    }
    child_loop(s, extra, &mut on_child)
}

/// A record's field dispatch, as [`child_loop`] takes it.
type OnChild<'s, 'a> = dyn FnMut(&mut XmlStream<'a>, Tag<'a>, &mut Vec<XmlNode>) -> Result<()> + 's;

/// The loop over a record's children, written once for every record (each passes its field
/// dispatch): one copy of the inlined step serves all 38 records. Generic per record, the loop
/// and the step inlined in it cost the wasm build 7 KB gzipped (59 KB when the step was inlined
/// into each), for no speed measurable natively.
fn child_loop<'a>(
    s: &mut XmlStream<'a>,
    extra: &mut Vec<XmlNode>,
    on_child: &mut OnChild<'_, 'a>,
) -> Result<()> {
    loop {
        match s.step()? {
            Step::Close => return Ok(()),
            Step::Eof => return Err(truncated()),
            Step::Text(t) if blank(&t) => {}
            Step::Text(t) => extra.push(XmlNode::Text(t.into_owned())),
            Step::Open(o) => on_child(s, o, extra)?,
        }
    }
}

/// Reads a simple element into `slot`, or keeps it raw in `extra` when it has attributes (nil),
/// is a repeat, holds elements, or does not fit the type.
pub fn stream_scalar<T: XmlScalar>(
    s: &mut XmlStream<'_>,
    open: Open,
    slot: &mut Option<T>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    scalar(s, open.into(), slot, extra)
}

/// [`stream_scalar`] for a borrowed start.
pub(crate) fn scalar<'a, T: XmlScalar>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<T>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    if slot.is_some() || !open.attrs.is_empty() {
        extra.push(XmlNode::Element(s.capture_tag(open)?));
        return Ok(());
    }
    match s.text_or_raw_tag(open)? {
        Ok((name, text)) => match T::parse_text(trim_text(&text)) {
            Some(v) => *slot = Some(v),
            None => extra.push(XmlNode::Element(raw_text_element(
                name.into_owned(),
                text.into_owned(),
            ))),
        },
        Err(el) => extra.push(XmlNode::Element(el)),
    }
    Ok(())
}

fn raw_text_element(name: String, text: String) -> XmlElement {
    let children = if text.trim().is_empty() {
        vec![]
    } else {
        vec![XmlNode::Text(text)]
    };
    XmlElement {
        name,
        attrs: vec![],
        children,
    }
}

/// Reads a repeated simple element.
pub fn stream_scalar_list<T: XmlScalar>(
    s: &mut XmlStream<'_>,
    open: Open,
    list: &mut Vec<T>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    scalar_list(s, open.into(), list, extra)
}

/// [`stream_scalar_list`] for a borrowed start.
pub(crate) fn scalar_list<'a, T: XmlScalar>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    list: &mut Vec<T>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    let mut one = None;
    scalar(s, open, &mut one, extra)?;
    list.extend(one);
    Ok(())
}

/// Reads a nested record (a repeat or a nil one is kept raw).
pub fn stream_record<T: XmlRecord>(
    s: &mut XmlStream<'_>,
    open: Open,
    slot: &mut Option<Box<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    record_with(s, open.into(), slot, extra, |s, t, slot| {
        *slot = Some(Box::new(T::read_stream(s, t.into_open())?));
        Ok(())
    })
}

/// [`stream_record`] for a borrowed start, read straight into its box.
pub(crate) fn record<'a, T: ReadInto>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<Box<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    record_with(s, open, slot, extra, |s, t, slot| {
        slot.insert(Box::default()).read_into(s, t)
    })
}

/// Keeps a repeat or a nil record raw in `extra`; otherwise `fill` reads it into the empty slot.
fn record_with<'a, T>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<Box<T>>,
    extra: &mut Vec<XmlNode>,
    fill: impl FnOnce(&mut XmlStream<'a>, Tag<'a>, &mut Option<Box<T>>) -> Result<()>,
) -> Result<()> {
    if slot.is_some() || is_nil(&open.attrs) {
        extra.push(XmlNode::Element(s.capture_tag(open)?));
        return Ok(());
    }
    fill(s, open, slot)
}

/// The verbatim container of a list whose items were already read, when something that does
/// not belong in the list turns up (rare): the items are written back, the stray node and the
/// rest of the container are captured, and the whole is kept raw.
fn raw_container<'a>(
    s: &mut XmlStream<'a>,
    name: &str,
    written_items: &str,
    stray: Step<'a>,
) -> Result<XmlElement> {
    let mut el = parse_document(&format!("<{name}>{written_items}</{name}>"))?;
    match stray {
        Step::Open(o) => {
            let child = s.capture_tag(o)?;
            el.children.push(XmlNode::Element(child));
        }
        Step::Text(t) => el.children.push(XmlNode::Text(t.into_owned())),
        Step::Close | Step::Eof => {}
    }
    s.capture_into(&mut el, false)?;
    Ok(el)
}

/// Pushes a list item. Records are large (a booking is about 1 KB), so a list starts with
/// room for 16 rather than growing (and copying every item) through 1, 2, 4 and 8; see
/// [`fit`] for the unused room.
fn push_item<T>(items: &mut Vec<T>, one: T) {
    if items.capacity() == 0 {
        items.reserve(16);
    }
    items.push(one);
}

/// Gives a finished list's unused room back (an in-place shrink for the allocator, no copy).
fn fit<T>(mut items: Vec<T>) -> Vec<T> {
    items.shrink_to_fit();
    items
}

/// Reads a single-kind list container (`<Bookings><Booking/>…</Bookings>`); one holding
/// anything else, with attributes, or a second one, is kept raw.
pub fn stream_list<T: XmlRecord>(
    s: &mut XmlStream<'_>,
    open: Open,
    item: &str,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    let read = |s: &mut XmlStream<'_>, t: Tag<'_>, items: &mut Vec<T>| {
        push_item(items, T::read_stream(s, t.into_open())?);
        Ok(())
    };
    list_with(s, open.into(), item, slot, extra, read)
}

/// [`stream_list`] for a borrowed start.
pub(crate) fn list<'a, T: XmlRecord + ReadInto>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    item: &str,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    list_with(s, open, item, slot, extra, read_item)
}

fn list_with<'a, T: XmlRecord>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    item: &str,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
    mut read: impl FnMut(&mut XmlStream<'a>, Tag<'a>, &mut Vec<T>) -> Result<()>,
) -> Result<()> {
    if slot.is_some() || !open.attrs.is_empty() {
        extra.push(XmlNode::Element(s.capture_tag(open)?));
        return Ok(());
    }
    let mut items = Vec::new();
    if !open.empty {
        loop {
            match s.next_step()? {
                Step::Close => break,
                Step::Eof => return Err(truncated()),
                Step::Text(t) if blank(&t) => {}
                Step::Open(o) if o.name == item && !is_nil(&o.attrs) => read(s, o, &mut items)?,
                stray => {
                    let mut written = String::new();
                    for i in &items {
                        i.write_xml(&mut written, item);
                    }
                    extra.push(XmlNode::Element(raw_container(
                        s, &open.name, &written, stray,
                    )?));
                    return Ok(());
                }
            }
        }
    }
    *slot = Some(fit(items));
    Ok(())
}

/// Reads a multi-kind list container (`<Segments><Air/><Hotel/></Segments>`).
pub fn stream_choice_list<T: XmlChoice>(
    s: &mut XmlStream<'_>,
    open: Open,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    let read = |s: &mut XmlStream<'_>, t: Tag<'_>| T::read_choice_stream(s, t.into_open());
    choice_list_with(s, open.into(), slot, extra, read)
}

/// [`stream_choice_list`] for a borrowed start.
pub(crate) fn choice_list<'a, T: XmlChoice + ReadTag>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
) -> Result<()> {
    choice_list_with(s, open, slot, extra, T::read_tag)
}

fn choice_list_with<'a, T: XmlChoice>(
    s: &mut XmlStream<'a>,
    open: Tag<'a>,
    slot: &mut Option<Vec<T>>,
    extra: &mut Vec<XmlNode>,
    mut read: impl FnMut(&mut XmlStream<'a>, Tag<'a>) -> Result<T>,
) -> Result<()> {
    if slot.is_some() || !open.attrs.is_empty() {
        extra.push(XmlNode::Element(s.capture_tag(open)?));
        return Ok(());
    }
    let mut items = Vec::new();
    if !open.empty {
        loop {
            match s.next_step()? {
                Step::Close => break,
                Step::Eof => return Err(truncated()),
                Step::Text(t) if blank(&t) => {}
                Step::Open(o) => {
                    let one = read(s, o)?;
                    push_item(&mut items, one);
                }
                stray @ Step::Text(_) => {
                    let mut written = String::new();
                    for i in &items {
                        i.write_choice(&mut written);
                    }
                    extra.push(XmlNode::Element(raw_container(
                        s, &open.name, &written, stray,
                    )?));
                    return Ok(());
                }
            }
        }
    }
    *slot = Some(fit(items));
    Ok(())
}

pub use super::xml_write::*;
