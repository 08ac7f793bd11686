//! The list readers of the Itinerary runtime: single-kind containers (`<Bookings>`) and
//! multi-kind ones (`<Segments>`), read item by item in place, and kept verbatim when anything
//! that does not belong in them turns up.

use super::xml_record::{is_nil, read_item, truncated, ReadInto, ReadTag, XmlChoice, XmlRecord};
use crate::error::Result;
use crate::wire::xml_stream::{blank, Open, Step, Tag, XmlStream};
use crate::wire::xml_tree::{parse_document, XmlElement, XmlNode};

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
pub(super) fn push_item<T>(items: &mut Vec<T>, one: T) {
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
